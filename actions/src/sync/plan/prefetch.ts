/**
 * Work that can start before the render finishes (kustomize runs in other processes):
 *   - every folder with a Git-tracked pipeline.yaml: its sources and their MD5s;
 *   - a guess of each pipeline's bucket, so its listing can start too.
 * The render stays the authority: speculation that disagrees with it is thrown away.
 */
import { execFile } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { MAX_SOURCE_BYTES, splitDocumentsFast } from "../../render/yaml-source.ts";
import { PIPELINE_FILE, readPipelineSources } from "../pipeline-config.ts";
import type { S3Client } from "@aws-sdk/client-s3";
import { collectLocal, listAll, type LocalState, type Prefetched } from "./pipeline-plan.ts";
import type { PipelineTarget, SourceSpec, SyncStats } from "../types.ts";

const run = promisify(execFile);

export interface Speculation {
  specs: SourceSpec[];
  state: LocalState;
}

/** Starts collecting now; returns a lookup by pipeline folder (null: not speculated or it failed). */
export function speculateLocal(
  repoRoot: string,
  concurrency: number,
  after: Promise<unknown> = Promise.resolve(),
): (dir: string) => Promise<Speculation | null> {
  // `after`: let the bucket listings go out first; hashing would otherwise hold the event loop.
  const files = after.then(() =>
    run("git", ["ls-files", "-z", "--", `:(glob)**/${PIPELINE_FILE}`], { cwd: repoRoot }),
  );
  const started = files.then(
    ({ stdout }) => {
      const dirs = stdout
        .split("\0")
        .filter((f) => f !== "")
        .map((f) => path.posix.dirname(f));
      return new Map(dirs.map((dir) => [dir, collect(repoRoot, dir, concurrency)] as const));
    },
    () => new Map<string, Promise<Speculation | null>>(),
  );
  return async (dir) => (await (await started).get(dir)) ?? null;
}

async function collect(repoRoot: string, dir: string, concurrency: number): Promise<Speculation | null> {
  try {
    const specs = readPipelineSources(repoRoot, dir);
    return { specs, state: await collectLocal(repoRoot, dir, specs, concurrency) };
  } catch {
    return null; // the real (non-speculative) path reports the problem
  }
}

export function sameSources(a: readonly SourceSpec[], b: readonly SourceSpec[]): boolean {
  return a.length === b.length && a.every((s, i) => s.dir === b[i]?.dir && s.prefix === b[i]?.prefix);
}

/** A bucket the environment probably syncs to, read straight from its files (no kustomize). */
export interface BucketGuess {
  pipelineDir: string;
  bucket: string;
}

/**
 * Guesses each pipeline's bucket without rendering: the environment's Flux Kustomizations
 * (clusters/<env>) name folders; a literal Bucket spec.name in a YAML file of such a folder is
 * the guess. Only used to start listing early; the render decides, and a wrong guess is dropped.
 */
export async function guessBuckets(repoRoot: string, environment: string): Promise<BucketGuess[]> {
  const guesses: BucketGuess[] = [];
  try {
    const paths = new Set<string>();
    for (const doc of await readYamlDocs(
      repoRoot,
      path.join("clusters", environment),
      true,
      "Kustomization",
    )) {
      if (
        doc.kind === "Kustomization" &&
        typeof doc.apiVersion === "string" &&
        doc.apiVersion.startsWith("kustomize.toolkit.fluxcd.io/")
      ) {
        const p = (doc.spec as { path?: unknown } | undefined)?.path;
        if (typeof p === "string" && !p.includes("${"))
          paths.add(path.posix.normalize(p.replace(/^\.\//, "")));
      }
    }
    for (const dir of paths) {
      if (dir.startsWith("..") || path.posix.isAbsolute(dir)) continue;
      for (const doc of await readYamlDocs(repoRoot, dir, false, "Bucket")) {
        const name = (doc.spec as { name?: unknown } | undefined)?.name;
        if (doc.kind !== "Bucket" || typeof name !== "string" || name.includes("${")) continue;
        const pipelineDir = await nearestPipeline(repoRoot, dir);
        if (pipelineDir) guesses.push({ pipelineDir, bucket: name });
      }
    }
  } catch {
    // a guess, nothing more
  }
  return guesses;
}

/**
 * The mapping documents of a folder's YAML files that mention `mention` (a cheap text filter:
 * most files are not the kind looked for), read without positions; unusual files are skipped.
 */
async function readYamlDocs(
  repoRoot: string,
  dir: string,
  recursive: boolean,
  mention: string,
): Promise<Record<string, unknown>[]> {
  const entries = await readdir(path.join(repoRoot, dir), { withFileTypes: true, recursive }).catch(() => []);
  const docs: Record<string, unknown>[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    const text = await readFile(path.join(entry.parentPath ?? path.join(repoRoot, dir), entry.name), "utf8");
    if (text.length > MAX_SOURCE_BYTES || !text.includes(mention)) continue;
    for (const { value } of splitDocumentsFast(text) ?? []) {
      if (value && typeof value === "object" && !Array.isArray(value))
        docs.push(value as Record<string, unknown>);
    }
  }
  return docs;
}

async function nearestPipeline(repoRoot: string, dir: string): Promise<string | null> {
  for (let d = dir; d !== "." && d !== "" && d !== "/"; d = path.posix.dirname(d)) {
    if (
      await stat(path.join(repoRoot, d, PIPELINE_FILE)).then(
        () => true,
        () => false,
      )
    )
      return d;
  }
  return null;
}

export interface PrefetchedListing {
  pipelineDir: string;
  bucket: string;
  sources: SourceSpec[];
  listing: Prefetched;
}

/**
 * Starts listing the buckets the environment probably uses while the manifests render (see
 * guessBuckets). Requests count in the stats whether or not the render confirms the guess.
 */
export async function prefetchListings(
  s3: S3Client,
  repoRoot: string,
  environment: string,
  stats: SyncStats,
): Promise<PrefetchedListing[]> {
  const guesses = await guessBuckets(repoRoot, environment);
  return guesses.flatMap((g) => {
    let sources: SourceSpec[];
    try {
      sources = readPipelineSources(repoRoot, g.pipelineDir);
    } catch {
      return [];
    }
    const listing = listAll(
      s3,
      g.bucket,
      sources.map((s) => s.prefix),
      stats,
    ).catch(() => undefined);
    return [{ ...g, sources, listing }];
  });
}

export function usablePrefetch(
  prefetched: readonly PrefetchedListing[],
  target: PipelineTarget,
): Prefetched | undefined {
  const hit = prefetched.find(
    (p) =>
      p.pipelineDir === target.dir && p.bucket === target.bucket && sameSources(p.sources, target.sources),
  );
  return hit?.listing;
}
