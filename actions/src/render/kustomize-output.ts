/**
 * Reading what kustomize prints: its output split into documents (identity and origin read by
 * pattern, parsed once later), and the source line its error messages point at.
 */
import path from "node:path";
import type { SourceLocation } from "../model/manifest.ts";
import type { Origin } from "./locate.ts";
import { toPosix, type SourceCache } from "./yaml-source.ts";

/** The annotation kustomize adds for origin tracking; removed from the objects it renders. */
export const ORIGIN_ANNOTATION = "config.kubernetes.io/origin";

/** A document of kustomize output (or a plain file), before substitution. */
export interface RawDoc {
  text: string;
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | null;
  origin: Origin | null;
  top: string | null;
  /** For documents read straight from a file: their source document (exact locations). */
  direct?: { file: string; index: number };
}

/**
 * Splits kustomize output into documents and reads identity and origin from each metadata
 * block. kustomize prints canonical YAML (top-level keys first, two-space indentation), so the
 * few fields needed here are read by pattern; the document itself is parsed once, later.
 */
export function splitRendered(stdout: string, top: string, wrapper: string, repoRoot: string): RawDoc[] {
  const docs: RawDoc[] = [];
  for (const text of stdout.split(/^---\n/m)) {
    if (text.trim() === "") continue;
    const meta = /^metadata:\n((?: .*\n?)*)/m.exec(text)?.[1] ?? "";
    const origin = /^ {4}config\.kubernetes\.io\/origin: \|\n((?: {6}.*\n?)+)/m
      .exec(meta)?.[1]
      ?.replace(/^ {6}/gm, "");
    docs.push({
      text,
      apiVersion: scalar(/^apiVersion: (.+)$/m.exec(text)?.[1]),
      kind: scalar(/^kind: (.+)$/m.exec(text)?.[1]),
      name: scalar(/^ {2}name: (.+)$/m.exec(meta)?.[1]),
      namespace: /^ {2}namespace: (.+)$/m.test(meta)
        ? scalar(/^ {2}namespace: (.+)$/m.exec(meta)?.[1])
        : null,
      origin: parseOrigin(origin, wrapper, repoRoot),
      top,
    });
  }
  return docs;
}

/** Origin paths are relative to the temporary wrapper kustomization: make them repo-relative. */
function parseOrigin(annotation: string | undefined, wrapper: string, repoRoot: string): Origin | null {
  if (!annotation) return null;
  const rel = scalar(/^(?:path|configuredIn): (.+)$/m.exec(annotation)?.[1]);
  if (!rel) return null;
  const repoPath = toPosix(path.relative(repoRoot, path.resolve(wrapper, rel)));
  if (repoPath.startsWith("..") || path.isAbsolute(repoPath)) return null;
  const generator = /^configuredBy:\n(?: .*\n?)*?\s+kind: (\S+)/m.exec(annotation)?.[1] ?? null;
  return { file: repoPath, generator };
}

/** A scalar from kustomize's canonical output: plain, 'single' or "double" quoted. */
export function scalar(raw: string | undefined): string {
  if (raw === undefined) return "";
  const v = raw.trim();
  if (v.startsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      return v;
    }
  }
  if (v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  return v;
}

/** Where in `file` (a kustomization file) a kustomize error points, as near as it can tell. */
export function lineFromKustomizeError(cache: SourceCache, stderr: string, file: string): SourceLocation {
  const source = cache.get(file);
  // kustomize names the missing or failing entry; point at the line that mentions it,
  // most specific mention first (a patch or file path, then quoted names, innermost first).
  const candidates = [
    ...[...stderr.matchAll(/path\(([^)]+)\)/g)].map((m) => m[1] ?? ""),
    ...[...stderr.matchAll(/path: ([^\s`]+)/g)].map((m) => m[1] ?? ""),
    ...[...stderr.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? "").reverse(),
  ];
  const lines = source?.text.split("\n") ?? [];
  for (const q of candidates) {
    const base = path.posix.basename(q);
    const idx = lines.findIndex((l) => base.length > 2 && l.includes(base));
    if (idx >= 0) return { file, line: idx + 1 };
  }
  return { file, line: null };
}
