/**
 * What a pipeline uploads, as `edp validate` needs it: the Git-tracked files under its sources
 * and which of them are Spark entry points. Listing is shared across environments (the same
 * folder is listed once per run).
 */
import { readFileSync } from "node:fs";
import { collectSources, type RepositoryListing } from "./sources.ts";
import type { LocalFile, Pipeline } from "./types.ts";

export interface PipelineFiles {
  files: LocalFile[];
  /** Keys of files that are Spark entry points (Python with a __main__ block). */
  entryPoints: Set<string>;
}

/** A pipeline with what it uploads. */
export interface PipelineUploads extends PipelineFiles {
  target: Pipeline;
}

/** Lists a pipeline's files once per (folder, sources) in one run. */
export class UploadsCache {
  private readonly entries = new Map<string, Promise<PipelineFiles | null>>();

  constructor(
    private readonly repoRoot: string,
    private readonly listing: RepositoryListing,
  ) {}

  /** The files, or null (after `fail`) when the folder cannot be listed. */
  filesOf(pipeline: Pipeline, fail: (message: string, file: string) => void): Promise<PipelineFiles | null> {
    const key = `${pipeline.dir}|${JSON.stringify(pipeline.sources)}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = collectSources(this.repoRoot, pipeline.dir, pipeline.sources, this.listing)
        .then((c) => ({
          files: c.files,
          entryPoints: new Set(c.files.filter((f) => isEntryPoint(f.abs, f.key)).map((f) => f.key)),
        }))
        .catch((error: unknown) => {
          fail(
            `cannot list the files of ${pipeline.dir}: ${(error as Error).message}`,
            `${pipeline.dir}/pipeline.yaml`,
          );
          return null;
        });
      this.entries.set(key, entry);
    }
    return entry;
  }
}

const entryPointCache = new Map<string, boolean>();

/** A Spark entry point: a Python file that runs something when executed as a script. */
export function isEntryPoint(abs: string, key: string): boolean {
  if (!key.endsWith(".py")) return false;
  let hit = entryPointCache.get(abs);
  if (hit === undefined) {
    try {
      hit = /^if\s+__name__\s*==\s*["']__main__["']\s*:/m.test(readFileSync(abs, "utf8"));
    } catch {
      hit = false;
    }
    entryPointCache.set(abs, hit);
  }
  return hit;
}
