import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.ts";

/**
 * The repository root: the nearest directory upward from `cwd` whose package.json declares
 * npm workspaces (so running inside actions/ still finds the root), else the nearest one
 * with a package.json at all.
 */
export function findRepoRoot(cwd: string): string {
  let nearest: string | null = null;
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      nearest ??= dir;
      if (declaresWorkspaces(manifest)) return dir;
    }
    if (path.dirname(dir) === dir) break;
  }
  if (nearest !== null) return nearest;
  throw new ConfigError(`no package.json found in ${cwd} or any parent; run edp from inside the repository`);
}

function declaresWorkspaces(manifest: string): boolean {
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, "utf8"));
    return typeof parsed === "object" && parsed !== null && "workspaces" in parsed;
  } catch {
    return false;
  }
}
