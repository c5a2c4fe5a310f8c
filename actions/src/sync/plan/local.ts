/**
 * A pipeline's local side: its Git-tracked sources and the MD5 of each file. Read early (see
 * early-local.ts) while the manifests render, and again only when the render disagrees.
 */
import pLimit from "p-limit";
import { md5File, md5SmallFile } from "./hash.ts";
import { collectSources, type CollectedSources } from "../../pipeline/sources.ts";
import type { LocalDigest, Pipeline, SourceSpec } from "../types.ts";

export interface LocalState {
  sources: CollectedSources;
  digests: LocalDigest[];
}

export async function collectLocal(
  repoRoot: string,
  dir: string,
  sources: readonly SourceSpec[],
  concurrency: number,
): Promise<LocalState> {
  const collected = await collectSources(repoRoot, dir, sources);
  const limit = pLimit(concurrency);
  const digests: Promise<LocalDigest>[] = [];
  for (const [i, f] of collected.files.entries()) {
    if (f.size > SMALL_FILE) {
      const digest = limit(() => md5File(f.abs, f.size));
      digest.catch(() => undefined); // awaited below; a read error must not go unhandled meanwhile
      digests.push(digest);
      continue;
    }
    digests.push(Promise.resolve(md5SmallFile(f.abs)));
    // Let responses and kustomize's output in between batches.
    if (i % SMALL_BATCH === SMALL_BATCH - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return { sources: collected, digests: await Promise.all(digests) };
}

/** Files up to this size are hashed synchronously, SMALL_BATCH at a time (hash.ts: md5SmallFile). */
const SMALL_FILE = 256 * 1024;
const SMALL_BATCH = 64;

/** Local state read before the render (early-local.ts), by pipeline folder (null: not read early, or it failed). */
export type EarlyLocal = (dir: string) => Promise<EarlyRead | null>;

/** Sources read from pipeline.yaml on their own, and the local state they give. */
export interface EarlyRead {
  specs: SourceSpec[];
  state: LocalState;
}

/**
 * Each target's local state, by pipeline folder: the early reading when it read the same
 * sources as the render found, else read now. Rejections are reported where they are awaited.
 */
export function localStates(
  targets: readonly Pipeline[],
  early: EarlyLocal,
  repoRoot: string,
  concurrency: number,
): Map<string, Promise<LocalState>> {
  const localFor = async (t: Pipeline): Promise<LocalState> => {
    const read = await early(t.dir);
    if (read && sameSources(read.specs, t.sources)) return read.state;
    return collectLocal(repoRoot, t.dir, t.sources, concurrency * 2);
  };
  const local = new Map(targets.map((t) => [t.dir, localFor(t)]));
  for (const p of local.values()) p.catch(() => undefined); // awaited (and reported) by planPipeline
  return local;
}

export function sameSources(a: readonly SourceSpec[], b: readonly SourceSpec[]): boolean {
  return a.length === b.length && a.every((s, i) => s.dir === b[i]?.dir && s.prefix === b[i]?.prefix);
}
