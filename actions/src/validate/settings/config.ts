/**
 * .edp.yaml: the repository's settings for `edp validate` (optional, at the repository root).
 * It arrives in pull requests like everything else, so it is read as hostile input: bounded in
 * size, parsed with positions and without aliases, and every problem becomes a finding at its
 * line (config/invalid) instead of an exception. Format: docs/configuration.md.
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { parseConfig } from "./config-parse.ts";
import { CONFIG_FILE, emptyConfig, MAX_CONFIG_BYTES, type EdpConfig } from "./types.ts";

/** Reads `<repoRoot>/.edp.yaml` when it exists; never throws for what the file holds. */
export function loadConfig(repoRoot: string, ruleIds: readonly string[]): EdpConfig {
  const full = path.join(repoRoot, CONFIG_FILE);
  let size: number;
  try {
    const info = statSync(full);
    if (!info.isFile()) {
      return problemConfig(`${CONFIG_FILE} is not a regular file; make it one or remove it`);
    }
    size = info.size;
  } catch {
    return emptyConfig();
  }
  // A link to a file outside the repository would let a pull request read the runner's files.
  const real = realpathSync(full);
  const root = realpathSync(repoRoot);
  if (path.relative(root, real).startsWith("..") || path.isAbsolute(path.relative(root, real))) {
    return problemConfig(
      `${CONFIG_FILE} is a link to a file outside the repository; nothing in it was read: make it a regular file`,
    );
  }
  if (size > MAX_CONFIG_BYTES) {
    return problemConfig(
      `${CONFIG_FILE} is ${Math.ceil(size / 1024)} KiB, over the ${MAX_CONFIG_BYTES / 1024} KiB limit for a settings file; nothing in it was applied: keep it to rule levels and overrides`,
    );
  }
  return parseConfig(readFileSync(full, "utf8"), ruleIds);
}

function problemConfig(message: string): EdpConfig {
  return { ...emptyConfig(CONFIG_FILE), problems: [{ message, line: 1, column: null }] };
}
