/**
 * Local reading that starts before the render finishes (kustomize runs in other processes):
 * every folder with a Git-tracked pipeline.yaml, its sources and their MD5s. The render stays
 * the authority: a reading whose sources disagree with it is thrown away (local.ts).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { PIPELINE_FILE, readPipelineSources } from "../../pipeline/config.ts";
import { collectLocal, type EarlyLocal, type EarlyRead } from "./local.ts";

const run = promisify(execFile);

/** Starts reading now; returns a lookup by pipeline folder (null: not read early, or it failed). */
export function readLocalEarly(
  repoRoot: string,
  concurrency: number,
  after: Promise<unknown> = Promise.resolve(),
): EarlyLocal {
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
    () => new Map<string, Promise<EarlyRead | null>>(),
  );
  return async (dir) => (await (await started).get(dir)) ?? null;
}

async function collect(repoRoot: string, dir: string, concurrency: number): Promise<EarlyRead | null> {
  try {
    const specs = readPipelineSources(repoRoot, dir);
    return { specs, state: await collectLocal(repoRoot, dir, specs, concurrency) };
  } catch {
    return null; // reading after the render reports the problem
  }
}
