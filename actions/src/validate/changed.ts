/** Files changed since a Git ref (committed, staged, unstaged and untracked), for --changed-since. */
import { execFileSync } from "node:child_process";
import { UsageError } from "../errors.ts";

/** Changes to these affect every environment. */
const GLOBAL = [/^clusters\/variables\.yaml$/, /^schemas\//, /^\.edp\.yaml$/];

export function changedFiles(repoRoot: string, ref: string): { files: Set<string>; everything: boolean } {
  if (!/^[\w./@^~-]+$/.test(ref)) throw new UsageError(`--changed-since: '${ref}' is not a Git ref`);
  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, {
        cwd: repoRoot,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (error) {
      const text = (error as { stderr?: string }).stderr?.trim() ?? String(error);
      throw new UsageError(
        `--changed-since ${ref}: git failed (${text.split("\n")[0]}); fetch the base ref (actions/checkout fetch-depth: 0) or drop the flag`,
      );
    }
  };
  const base = git(["merge-base", ref, "HEAD"]).trim();
  const lines = [
    ...git(["diff", "--name-only", base]).split("\n"),
    ...git(["ls-files", "--others", "--exclude-standard"]).split("\n"),
  ].filter(Boolean);
  const files = new Set(lines);
  return { files, everything: lines.some((f) => GLOBAL.some((g) => g.test(f))) };
}
