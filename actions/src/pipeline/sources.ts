/**
 * The files a pipeline uploads: only what Git tracks under its declared folders.
 *   1. `git ls-files -s` per pipeline gives tracked paths with their modes;
 *   2. each path maps to `prefix + path within its folder` (the deepest declared folder wins);
 *   3. symlinks are resolved and must stay inside the repository; keys must be safe;
 *   4. untracked files in those folders, submodules and symlinked folders are listed as ignored.
 * Refused files (unsafe key, symlink out of the repository) stop the sync: nothing is skipped silently.
 */
import { execFile } from "node:child_process";
import { lstat, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { ConfigError } from "../errors.ts";
import { byCodeUnits, unsafeKeyReason } from "./keys.ts";
import type { IgnoredFile, LocalFile, SourceSpec } from "./types.ts";

const run = promisify(execFile);

export interface CollectedSources {
  files: LocalFile[];
  ignored: IgnoredFile[];
  /** Files that must not be uploaded and make the sync fail. */
  refused: IgnoredFile[];
}

/**
 * Git's view of the whole repository, read once (two git processes) and shared by every
 * pipeline of one run: `edp validate` lists a hundred pipelines. Scope it to one run; files
 * change between runs.
 */
export interface RepositoryListing {
  /** NUL-separated `git ls-files -s` and `--others --directory` output for these folders. */
  forDirs: (dirs: readonly string[]) => Promise<[tracked: string, untracked: string]>;
}

export function createRepositoryListing(repoRoot: string): RepositoryListing {
  let all: Promise<{ lines: string[]; paths: string[]; untracked: string[] }> | null = null;
  return {
    forDirs: async (dirs) => {
      all ??= Promise.all([
        git(repoRoot, ["ls-files", "-z", "-s"]),
        git(repoRoot, ["ls-files", "-z", "--others", "--directory"]),
      ]).then(([t, u]) => {
        // Sorted by path (Git's order, made sure of here), so each folder is one range.
        const lines = splitZ(t)
          .map((line) => ({ line, path: line.slice(line.indexOf("\t") + 1) }))
          .sort((a, b) => byCodeUnits(a.path, b.path));
        return { lines: lines.map((l) => l.line), paths: lines.map((l) => l.path), untracked: splitZ(u) };
      });
      const { lines, paths, untracked } = await all;
      const picked: number[] = [];
      // A folder inside another listed folder is covered by it (pipeline.yaml may nest them).
      const unique = [...new Set(dirs)];
      const roots = unique.filter((d) => !unique.some((o) => o !== d && d.startsWith(`${o}/`)));
      for (const dir of roots) {
        const prefix = `${dir}/`;
        for (let i = lowerBound(paths, prefix); i < paths.length && paths[i]!.startsWith(prefix); i++)
          picked.push(i);
      }
      // In path order, as `git ls-files -- <folders>` gives them.
      const tracked = picked.sort((a, b) => a - b).map((i) => lines[i]!);
      const inside = (file: string) => dirs.some((d) => file.startsWith(`${d}/`));
      // An untracked folder above a source folder holds that folder's files too.
      const covers = (entry: string) =>
        inside(entry) || (entry.endsWith("/") && dirs.some((d) => `${d}/`.startsWith(entry)));
      return [tracked.join("\0"), untracked.filter(covers).join("\0")];
    },
  };
}

/** First index whose value is ≥ `key` in an ascending array. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export async function collectSources(
  repoRoot: string,
  pipelineDir: string,
  sources: readonly SourceSpec[],
  listing?: RepositoryListing,
): Promise<CollectedSources> {
  const rootReal = await realpath(repoRoot);
  const dirs = sources.map((s) => path.posix.join(pipelineDir, s.dir));
  const [tracked, untracked] = listing
    ? await listing.forDirs(dirs)
    : await Promise.all([
        git(repoRoot, ["ls-files", "-z", "-s", "--", ...dirs]),
        git(repoRoot, ["ls-files", "-z", "--others", "--directory", "--", ...dirs]),
      ]);
  const result: CollectedSources = { files: [], ignored: [], refused: [] };
  for (const file of splitZ(untracked)) result.ignored.push({ file, reason: "ignored: not tracked by Git" });

  const entries = splitZ(tracked).map((line) => {
    const tab = line.indexOf("\t");
    return { mode: line.slice(0, 6), file: line.slice(tab + 1) };
  });
  const canonical = canonicalDirs(repoRoot, rootReal);
  const resolved = await Promise.all(
    entries.map((e) => resolveEntry(repoRoot, rootReal, e.mode, e.file, canonical)),
  );
  const byKey = new Map<string, string>();
  for (let i = 0; i < entries.length; i++) {
    const { file } = entries[i]!;
    const outcome = resolved[i]!;
    if (outcome.kind === "ignored") {
      result.ignored.push({ file, reason: `ignored: ${outcome.reason}` });
      continue;
    }
    if (outcome.kind === "refused") {
      result.refused.push({ file, reason: `refused: ${outcome.reason}` });
      continue;
    }
    const source = owningSource(dirs, file);
    if (source < 0) continue; // cannot happen: git was asked for these folders only
    const spec = sources[source]!;
    const key = spec.prefix + file.slice(dirs[source]!.length + 1);
    const problem = unsafeKeyReason(key);
    if (problem) {
      result.refused.push({ file, reason: `refused: key '${key}' is unsafe (${problem})` });
      continue;
    }
    const clash = byKey.get(key);
    if (clash) {
      result.refused.push({ file, reason: `refused: key '${key}' is also the key of ${clash}` });
      continue;
    }
    byKey.set(key, file);
    result.files.push({ file, abs: outcome.abs, key, source, size: outcome.size });
  }
  return result;
}

type Resolved =
  | { kind: "file"; abs: string; size: number }
  | { kind: "ignored"; reason: string }
  | { kind: "refused"; reason: string };

/**
 * Whether a folder of the repository is reached without a symlink anywhere on its path (its
 * real path is the repository's real path plus the folder): then a file in it that is not itself
 * a link needs one lstat, not a realpath. Asked once per folder.
 */
function canonicalDirs(repoRoot: string, rootReal: string): (dir: string) => Promise<string | null> {
  const known = new Map<string, Promise<string | null>>();
  return (dir) => {
    let answer = known.get(dir);
    if (!answer) {
      const expected = path.join(rootReal, dir);
      answer = realpath(path.join(repoRoot, dir)).then(
        (real) => (real === expected ? real : null),
        () => null,
      );
      known.set(dir, answer);
    }
    return answer;
  };
}

async function resolveEntry(
  repoRoot: string,
  rootReal: string,
  mode: string,
  file: string,
  canonical: (dir: string) => Promise<string | null>,
): Promise<Resolved> {
  if (mode === "160000") return { kind: "ignored", reason: "Git submodule (not followed)" };
  const full = path.join(repoRoot, file);
  // The common case, cheaply: a regular file (not a link) in a folder reached without links.
  const realDir = await canonical(path.dirname(file));
  if (realDir !== null) {
    const info = await lstat(full).catch(() => null);
    if (info?.isFile())
      return { kind: "file", abs: path.join(realDir, path.basename(file)), size: info.size };
  }
  // Everything else is resolved in full: a checkout can swap a file or a parent for a link.
  let real: string;
  try {
    real = await realpath(full);
  } catch {
    return mode === "120000"
      ? { kind: "refused", reason: "symlink whose target does not exist" }
      : { kind: "ignored", reason: "tracked but missing from the working tree" };
  }
  if (real !== rootReal && !real.startsWith(rootReal + path.sep)) {
    return { kind: "refused", reason: `resolves outside the repository (${real})` };
  }
  const info = await stat(real);
  if (info.isDirectory()) return { kind: "ignored", reason: "symlink to a folder (not followed)" };
  if (!info.isFile()) return { kind: "refused", reason: "not a regular file" };
  // Reached through a link: what is uploaded must itself be content Git tracks, so a link cannot
  // carry an ignored or untracked file (a local terraform.tfstate, .env) or Git's own files.
  const target = path.relative(rootReal, real).split(path.sep).join("/");
  if (target !== file) {
    if (target === ".git" || target.startsWith(".git/"))
      return { kind: "refused", reason: `resolves into Git's own files (${target})` };
    if (!(await isTracked(repoRoot, target)))
      return {
        kind: "refused",
        reason: `resolves to ${target}, which Git does not track (a link may point only at a tracked file)`,
      };
  }
  return { kind: "file", abs: real, size: info.size };
}

/** Whether Git tracks exactly this repository-relative path (asked only for link targets: rare). */
async function isTracked(repoRoot: string, file: string): Promise<boolean> {
  const out = await git(repoRoot, ["--literal-pathspecs", "ls-files", "-z", "--", file]).catch(() => "");
  return splitZ(out).includes(file);
}

/** Index of the deepest declared folder containing `file`, or -1. */
function owningSource(dirs: readonly string[], file: string): number {
  let best = -1;
  for (let i = 0; i < dirs.length; i++) {
    const dir = dirs[i]!;
    if (file.startsWith(dir + "/") && (best < 0 || dir.length > dirs[best]!.length)) best = i;
  }
  return best;
}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run("git", ["-c", "core.quotepath=off", ...args], {
      cwd,
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; code?: string; message: string };
    if (e.code === "ENOENT")
      throw new ConfigError("git is not installed: edp sync uploads only files Git tracks", { cause: error });
    throw new ConfigError(
      `${cwd} is not a usable Git work tree (git ${args[0]}: ${(e.stderr ?? e.message).trim()})`,
      { cause: error },
    );
  }
}

function splitZ(text: string): string[] {
  return text.split("\0").filter((s) => s !== "");
}

/** The commit being synced: `git rev-parse HEAD`, or null outside a repository with commits. */
export async function headCommit(repoRoot: string): Promise<string | null> {
  try {
    const { stdout } = await run("git", ["rev-parse", "HEAD"], { cwd: repoRoot });
    return stdout.trim() || null;
  } catch {
    return null;
  }
}
