/**
 * A throw-away copy of this repository's GitOps content (apps/, clusters/, schemas/) in a temp
 * dir, committed to a fresh Git repository, for tests that break the real manifests.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export interface RepoCopy {
  dir: string;
  read: (rel: string) => string;
  write: (rel: string, text: string) => void;
  /** Replaces exactly one occurrence of `from` (fails loudly if absent, so a test cannot rot). */
  replace: (rel: string, from: string | RegExp, to: string) => void;
  /** 1-based line of the first line containing `needle`. */
  lineOf: (rel: string, needle: string) => number;
  commit: (message?: string) => void;
  remove: () => void;
}

export function copyRepository(parts: string[] = ["apps", "clusters", "schemas"]): RepoCopy {
  const dir = mkdtempSync(path.join(tmpdir(), "edp-repo-"));
  for (const part of parts) {
    if (existsSync(path.join(REPO_ROOT, part)))
      cpSync(path.join(REPO_ROOT, part), path.join(dir, part), { recursive: true });
  }
  writeFileSync(path.join(dir, "package.json"), '{ "name": "edp-test-copy", "private": true }\n');
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      stdio: "ignore",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.com",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.com",
      },
    });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "copy");
  const copy: RepoCopy = {
    dir,
    read: (rel) => readFileSync(path.join(dir, rel), "utf8"),
    write: (rel, text) => writeFileSync(path.join(dir, rel), text),
    replace: (rel, from, to) => {
      const text = copy.read(rel);
      const next = text.replace(from, to);
      if (next === text) throw new Error(`test setup: ${String(from)} not found in ${rel}`);
      copy.write(rel, next);
    },
    lineOf: (rel, needle) => {
      const index = copy
        .read(rel)
        .split("\n")
        .findIndex((l) => l.includes(needle));
      if (index < 0) throw new Error(`test setup: '${needle}' not found in ${rel}`);
      return index + 1;
    },
    commit: (message = "change") => {
      git("add", "-A");
      git("commit", "-qm", message);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return copy;
}
