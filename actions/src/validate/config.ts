/** .edp.yaml: repository settings for `edp validate` (optional). */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../errors.ts";

export const CONFIG_FILE = ".edp.yaml";

export interface EdpConfig {
  /** Kinds allowed without a schema: "apiVersion/Kind", "Kind" or "group/*". */
  allowKinds: Set<string>;
}

export function loadConfig(repoRoot: string): EdpConfig {
  const file = path.join(repoRoot, CONFIG_FILE);
  if (!existsSync(file)) return { allowKinds: new Set() };
  let data: unknown;
  try {
    data = parse(readFileSync(file, "utf8"), { maxAliasCount: 0 });
  } catch (error) {
    throw new ConfigError(
      `${CONFIG_FILE}: not valid YAML (${(error as Error).message.split("\n")[0]}); fix the file`,
    );
  }
  const allow = (data as { allowKinds?: unknown } | null)?.allowKinds ?? [];
  if (!Array.isArray(allow) || allow.some((k) => typeof k !== "string")) {
    throw new ConfigError(
      `${CONFIG_FILE}: allowKinds must be a list of strings like "apps/v1/Deployment", "Deployment" or "apps/*"`,
    );
  }
  return { allowKinds: new Set(allow as string[]) };
}
