/**
 * Reads apps/<pipeline>/pipeline.yaml: the folders a pipeline uploads, in upload order, and the
 * key prefix each maps to. Anything unexpected is a ConfigError naming the file.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { ConfigError } from "../errors.ts";
import { splitDocumentsWithoutPositions } from "../render/yaml-source.ts";
import { unsafeDirReason, unsafePrefixReason } from "./keys.ts";
import type { SourceSpec } from "./types.ts";

export const PIPELINE_FILE = "pipeline.yaml";
const MAX_BYTES = 256 * 1024;

export function readPipelineSources(repoRoot: string, pipelineDir: string): SourceSpec[] {
  const rel = path.posix.join(pipelineDir, PIPELINE_FILE);
  let text: string;
  try {
    text = readFileSync(path.join(repoRoot, rel), "utf8");
  } catch (error) {
    throw new ConfigError(`${rel}: cannot read it (${(error as Error).message})`, { cause: error });
  }
  if (text.length > MAX_BYTES) throw new ConfigError(`${rel}: larger than ${MAX_BYTES} bytes`);
  // A clean one-document file takes the fast reader (a sync's whole budget is under a second);
  // anything else takes `yaml`, whose errors name the line.
  const fast = splitDocumentsWithoutPositions(text);
  let data: unknown;
  if (fast?.length === 1) {
    data = fast[0]!.value;
  } else {
    const doc = YAML.parseDocument(text, { schema: "core", prettyErrors: false });
    if (doc.errors.length > 0) throw new ConfigError(`${rel}: ${doc.errors[0]?.message ?? "invalid YAML"}`);
    // No alias expansion: a pipeline file has no use for anchors, and this closes the YAML bomb.
    data = doc.toJS({ maxAliasCount: 0 });
  }
  const sources = (data as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(sources) || sources.length === 0) {
    throw new ConfigError(`${rel}: 'sources' must be a non-empty list of {dir, prefix}`);
  }
  const seenDirs = new Set<string>();
  return sources.map((entry: unknown, i): SourceSpec => {
    const where = `${rel}: sources[${i}]`;
    if (typeof entry !== "object" || entry === null) throw new ConfigError(`${where} must be {dir, prefix}`);
    const { dir, prefix, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length > 0)
      throw new ConfigError(`${where}: unknown field(s) ${Object.keys(rest).join(", ")}`);
    if (typeof dir !== "string") throw new ConfigError(`${where}.dir must be a string`);
    if (typeof prefix !== "string") throw new ConfigError(`${where}.prefix must be a string`);
    const cleanDir = dir.replace(/\/+$/, "");
    const dirProblem = unsafeDirReason(cleanDir);
    if (dirProblem) throw new ConfigError(`${where}.dir '${dir}': ${dirProblem}`);
    const prefixProblem = unsafePrefixReason(prefix);
    if (prefixProblem) throw new ConfigError(`${where}.prefix '${prefix}': ${prefixProblem}`);
    if (seenDirs.has(cleanDir)) throw new ConfigError(`${where}.dir '${dir}' is listed twice`);
    seenDirs.add(cleanDir);
    return { dir: cleanDir, prefix };
  });
}
