/**
 * Replaces a whole output folder or leaves it alone: files are written to a staging folder
 * beside the target (same file system, so rename is atomic) and swapped in at the end. A
 * failure at any point removes the staging folder and keeps the old target as it was.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.ts";

export function replaceDirAtomically(target: string, files: ReadonlyMap<string, string>): void {
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new ConfigError(`edp schemas: output ${target} exists and is not a folder; pass another --out`);
  }
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  try {
    for (const [rel, content] of files) {
      const file = path.join(staging, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    swap(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function swap(staging: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(staging, target);
    return;
  }
  const previous = `${staging}.previous`;
  renameSync(target, previous);
  try {
    renameSync(staging, target);
  } catch (error) {
    renameSync(previous, target);
    throw error;
  }
  rmSync(previous, { recursive: true, force: true });
}
