/**
 * `--from-release`: downloads the pinned upstream CRDs and core schemas (sources.ts) into a
 * folder laid out like shared/crds, checking each file against its pinned git blob id.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { RemoteError } from "../errors.ts";
import { browseUrl, rawUrl, type PinnedSource } from "./sources.ts";
import type { Upstream } from "./sources-md.ts";

export type Fetcher = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

const TIMEOUT_MS = 30_000;

/** Writes every pinned file under `dir`; returns the provenance of each, keyed like SOURCES.md. */
export async function downloadPinnedSources(
  dir: string,
  sources: readonly PinnedSource[],
  fetcher: Fetcher = fetch,
): Promise<Map<string, Upstream>> {
  const bodies = await Promise.all(sources.map((source) => download(source, fetcher)));
  const upstream = new Map<string, Upstream>();
  sources.forEach((source, i) => {
    const target = path.join(dir, source.file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, bodies[i]!);
    upstream.set(source.file, { origin: browseUrl(source), version: source.version });
  });
  return upstream;
}

async function download(source: PinnedSource, fetcher: Fetcher): Promise<Buffer> {
  const url = rawUrl(source);
  let response: Response;
  try {
    response = await fetcher(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new RemoteError(
      `edp schemas --from-release: cannot download ${url} (${cause}); check the network or proxy, or generate from a local CRD folder with --from DIR`,
      { cause: error },
    );
  }
  if (!response.ok) {
    throw new RemoteError(
      `edp schemas --from-release: ${url} answered HTTP ${response.status}; check the pinned commit and path in actions/src/schemas/sources.ts`,
    );
  }
  const body = Buffer.from(await response.arrayBuffer());
  const blob = gitBlobId(body);
  if (!blob.startsWith(source.gitBlob)) {
    throw new RemoteError(
      `edp schemas --from-release: ${url} has git blob ${blob.slice(0, 12)}, pinned ${source.gitBlob}; the download was altered or the pin in actions/src/schemas/sources.ts is wrong`,
    );
  }
  return body;
}

/** `git hash-object` of a file's bytes. */
export function gitBlobId(content: Buffer): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}
