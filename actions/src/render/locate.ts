/**
 * Maps a path in a rendered object back to the line that produced it. In order:
 *  1. a patch (strategic merge or JSON 6902) in the overlay chain that sets the path;
 *  2. a replacement that copied it — from a generated file (`key=file.json`, followed into
 *     the JSON document) or from another object's field (followed to that field's source);
 *  3. a ConfigMap generator entry (`envs` file line, `literals`, `files`);
 *  4. the origin file itself, descending into block scalars that hold embedded documents.
 * Falls back to the deepest known parent, and to the file with no line, never to nothing.
 */
import path from "node:path";
import { isScalar, type Document } from "yaml";
import type { JsonPath, RenderedObject, SourceLocation } from "../model/manifest.ts";
import { asArray, kustomizationChain, type KustomizationFile } from "./kustomization-file.ts";
import {
  columnInBlock,
  locateInBlockScalar,
  locateInDocument,
  parseSource,
  type SourceCache,
  type SourceDocument,
  type SourceFile,
} from "./yaml-source.ts";

export interface Origin {
  /** Repository-relative file that declared the object (or the kustomization that generated it). */
  file: string;
  /** Set for generated objects: "ConfigMapGenerator" / "SecretGenerator". */
  generator: string | null;
}

export interface LocateContext {
  cache: SourceCache;
  /** Repository-relative directory of the Flux Kustomization's spec.path; null for plain files. */
  top: string | null;
  origin: Origin | null;
  object: { kind: string; name: string; value: Record<string, unknown> };
  /** Other objects of the same render, for replacement sources. */
  sibling: (kind: string, name: string) => RenderedObject | undefined;
}

const MAX_HOPS = 5;

export function makeLocator(ctx: LocateContext): (p: JsonPath) => SourceLocation {
  return (p) => {
    // Replacements can copy from objects whose fields were themselves copied: bound the chain
    // (synchronous, so one counter is enough), so a cycle of replacements cannot recurse forever.
    if (depth >= MAX_HOPS) return { file: ctx.origin?.file ?? "", line: null };
    depth++;
    try {
      return locate(ctx, p);
    } finally {
      depth--;
    }
  };
}

let depth = 0;

function locate(ctx: LocateContext, jsonPath: JsonPath): SourceLocation {
  const { origin, cache } = ctx;
  if (!origin) return { file: "", line: null };
  const chain = ctx.top ? kustomizationChain(cache, ctx.top, origin.file) : [];

  for (const k of chain) {
    const hit = fromPatches(ctx, k, jsonPath);
    if (hit) return hit;
  }
  for (const k of chain) {
    const hit = fromReplacements(ctx, k, jsonPath);
    if (hit) return hit;
  }
  if (origin.generator) {
    const k = chain.find((c) => c.file === origin.file) ?? chain[chain.length - 1];
    const hit = k ? fromGenerator(ctx, k, jsonPath) : null;
    return hit ?? { file: origin.file, line: null };
  }
  const source = cache.get(origin.file);
  if (!source) return { file: origin.file, line: null };
  const doc = findDocument(source, ctx.object.kind, ctx.object.name);
  if (!doc) return { file: origin.file, line: 1 };
  return inDocument(source, doc.doc, jsonPath);
}

/** Locates a path in a parsed document, following it into an embedded document if needed. */
export function inDocument(source: SourceFile, doc: Document.Parsed, jsonPath: JsonPath): SourceLocation {
  const hit = locateInDocument(source, doc, jsonPath);
  if (hit.depth < jsonPath.length && hit.node && isScalar(hit.node) && typeof hit.node.value === "string") {
    const inner = locateInBlockScalar(source, hit.node, jsonPath.slice(hit.depth));
    if (inner) return inner;
  }
  return { file: source.file, line: hit.line, column: hit.column };
}

export function findDocument(source: SourceFile, kind: string, name: string): SourceDocument | undefined {
  return pickObject(source.documents, (d) => d.value, kind, name);
}

/**
 * The item whose value is kind/name; else the only one of that kind; else the only item. One
 * rule for parsed documents and for bare values (locating with and without positions).
 */
function pickObject<T>(
  items: readonly T[],
  valueOf: (item: T) => unknown,
  kind: string,
  name: string,
): T | undefined {
  const ofKind = items.filter((i) => (valueOf(i) as { kind?: unknown } | null)?.kind === kind);
  return (
    ofKind.find((i) => (valueOf(i) as { metadata?: { name?: unknown } }).metadata?.name === name) ??
    (ofKind.length === 1 ? ofKind[0] : undefined) ??
    (items.length === 1 ? items[0] : undefined)
  );
}

// ---- 1. patches ------------------------------------------------------------------------------

function fromPatches(ctx: LocateContext, k: KustomizationFile, jsonPath: JsonPath): SourceLocation | null {
  const entries = asArray(k.data.patches);
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i] as {
      path?: unknown;
      patch?: unknown;
      target?: { kind?: unknown; name?: unknown };
    };
    if (!entry || typeof entry !== "object") continue;
    let patchSource: SourceFile | null = null;
    let blockOffset = 0;
    // An inline patch's columns are the file's only in a literal block (`patch: |`).
    let literal = true;
    if (typeof entry.path === "string") {
      const file = path.posix.join(k.dir, entry.path);
      // Most patches in a chain do not set the path: tell from the values, read positions only
      // for one that may (a strategic-merge patch must hold the path two levels deep to set it).
      const values = ctx.cache.values(file);
      if (values && !values.some((v) => mayPatch(v, ctx, entry.target, jsonPath))) continue;
      patchSource = ctx.cache.get(file);
    } else if (typeof entry.patch === "string") {
      const node = locateInDocument(k.source, k.doc.doc, ["patches", i, "patch"]);
      patchSource = parseSource(k.file, entry.patch);
      blockOffset = node.line ?? 0;
      literal = isScalar(node.node) && node.node.type === "BLOCK_LITERAL";
    }
    if (!patchSource) continue;
    const targeted = targetMatches(entry.target, ctx.object.kind, originalName(ctx));
    for (const doc of patchSource.documents) {
      const loc = Array.isArray(doc.value)
        ? targeted
          ? fromJson6902(patchSource, doc, jsonPath)
          : null
        : smpMatches(doc.value, ctx.object.kind, originalName(ctx), entry.target)
          ? fromStrategicMerge(patchSource, doc, jsonPath)
          : null;
      if (loc) {
        const line = loc.line + blockOffset;
        if (blockOffset === 0) return { file: patchSource.file, line, column: loc.column };
        const column =
          literal && loc.column !== null ? columnInBlock(k.source, line, patchSource, loc) : null;
        return { file: k.file, line, column };
      }
    }
  }
  return null;
}

/** Whether a patch document could set `jsonPath` on this object (fromPatches' cheap pre-check). */
function mayPatch(
  value: unknown,
  ctx: LocateContext,
  target: { kind?: unknown; name?: unknown } | undefined,
  jsonPath: JsonPath,
): boolean {
  if (Array.isArray(value)) return true; // JSON 6902: decided with positions, as before
  if (!smpMatches(value, ctx.object.kind, originalName(ctx), target)) return false;
  let node: unknown = value;
  for (const key of jsonPath.slice(0, 2)) {
    if (typeof node !== "object" || node === null) return false;
    node = (node as Record<string | number, unknown>)[key];
    if (node === undefined) return false;
  }
  return true;
}

function originalName(ctx: LocateContext): string {
  const values = ctx.origin ? ctx.cache.values(ctx.origin.file) : null;
  const value = values ? pickObject(values, (v) => v, ctx.object.kind, ctx.object.name) : undefined;
  const name = (value as { metadata?: { name?: unknown } } | undefined)?.metadata?.name;
  return typeof name === "string" ? name : ctx.object.name;
}

function targetMatches(
  target: { kind?: unknown; name?: unknown } | undefined,
  kind: string,
  name: string,
): boolean {
  if (!target) return false;
  if (typeof target.kind === "string" && target.kind !== kind) return false;
  if (typeof target.name === "string" && !new RegExp(`^(?:${target.name})$`).test(name)) return false;
  return true;
}

function smpMatches(
  value: unknown,
  kind: string,
  name: string,
  target: { kind?: unknown; name?: unknown } | undefined,
) {
  const v = value as { kind?: unknown; metadata?: { name?: unknown } } | null;
  if (!v || typeof v !== "object") return false;
  if (target) return targetMatches(target, kind, name);
  return v.kind === kind && v.metadata?.name === name;
}

/** A line (and column) in a patch document. */
interface PatchHit {
  line: number;
  column: number | null;
}

function fromStrategicMerge(source: SourceFile, doc: SourceDocument, jsonPath: JsonPath): PatchHit | null {
  const hit = locateInDocument(source, doc.doc, jsonPath);
  // The patch set this path, or replaced a list/scalar on the way to it.
  const reachedLeafOrList =
    hit.depth === jsonPath.length || (hit.depth >= 2 && hit.node !== null && !isMapNode(hit.node));
  return reachedLeafOrList && hit.depth >= 2 && hit.line !== null
    ? { line: hit.line, column: hit.column }
    : null;
}

function isMapNode(node: unknown): boolean {
  return (
    Array.isArray((node as { items?: unknown }).items) &&
    (node as { constructor: { name: string } }).constructor.name === "YAMLMap"
  );
}

function fromJson6902(source: SourceFile, doc: SourceDocument, jsonPath: JsonPath): PatchHit | null {
  const ops = doc.value as { path?: unknown }[];
  for (let i = ops.length - 1; i >= 0; i--) {
    const opPath = ops[i]?.path;
    if (typeof opPath !== "string") continue;
    const segments = opPath
      .split("/")
      .slice(1)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    const isPrefix = segments.every((s, j) => j < jsonPath.length && String(jsonPath[j]) === s);
    if (isPrefix) {
      const hit = locateInDocument(source, doc.doc, [i]);
      return hit.line === null ? null : { line: hit.line, column: hit.column };
    }
  }
  return null;
}

// ---- 2. replacements ---------------------------------------------------------------------------

interface Replacement {
  source?: { kind?: unknown; name?: unknown; fieldPath?: unknown };
  targets?: { select?: { kind?: unknown; name?: unknown }; fieldPaths?: unknown }[];
}

function fromReplacements(
  ctx: LocateContext,
  k: KustomizationFile,
  jsonPath: JsonPath,
): SourceLocation | null {
  for (const raw of asArray(k.data.replacements)) {
    const r = raw as Replacement;
    for (const target of r.targets ?? []) {
      if (!target.select || !targetMatches(target.select, ctx.object.kind, ctx.object.name)) continue;
      for (const fieldPath of asArray(target.fieldPaths)) {
        if (typeof fieldPath !== "string") continue;
        const matched = matchFieldPath(fieldPath, jsonPath, ctx.object.value);
        if (matched === null) continue;
        const rest = jsonPath.slice(matched);
        const hit = replacementSource(ctx, k, r, rest);
        if (hit) return hit;
      }
    }
  }
  return null;
}

/** How many leading segments of `jsonPath` a kustomize fieldPath covers (null if it does not). */
export function matchFieldPath(fieldPath: string, jsonPath: JsonPath, value: unknown): number | null {
  const segments = fieldPath.split(/\.(?![^[]*\])/);
  let node: unknown = value;
  let i = 0;
  for (const segment of segments) {
    const actual = jsonPath[i];
    if (actual === undefined) return null;
    const select = /^\[([^=\]]+)=([^\]]*)\]$/.exec(segment);
    if (select) {
      if (typeof actual !== "number" || !Array.isArray(node)) return null;
      const item = node[actual] as Record<string, unknown> | undefined;
      if (!item || String(item[select[1] ?? ""]) !== select[2]) return null;
      node = item;
    } else {
      const key = segment.replace(/^\[(.*)\]$/, "$1");
      if (String(actual) !== key) return null;
      node = (node as Record<string, unknown> | null)?.[key];
    }
    i++;
  }
  return i;
}

function replacementSource(
  ctx: LocateContext,
  k: KustomizationFile,
  r: Replacement,
  rest: JsonPath,
): SourceLocation | null {
  const src = r.source;
  if (!src || typeof src.kind !== "string" || typeof src.name !== "string") return null;
  const fieldPath = typeof src.fieldPath === "string" ? src.fieldPath : "metadata.name";
  // Source generated from a file in this kustomization: follow into the file.
  if (src.kind === "ConfigMap") {
    const file = generatedFileFor(k, src.name, fieldPath);
    if (file) {
      const source = ctx.cache.get(file);
      const doc = source?.documents[0];
      if (source && doc) return rest.length === 0 ? { file, line: 1 } : inDocument(source, doc.doc, rest);
      return { file, line: null };
    }
  }
  const other = ctx.sibling(src.kind, src.name);
  if (!other) return null;
  const otherPath = fieldPath.split(/\.(?![^[]*\])/).map((s) => s.replace(/^\[(.*)\]$/, "$1"));
  const loc = other.locate(otherPath);
  return loc.file ? loc : null;
}

function generatedFileFor(k: KustomizationFile, name: string, fieldPath: string): string | null {
  const key = /^data\.(.+)$/.exec(fieldPath)?.[1]?.replace(/^\[(.*)\]$/, "$1");
  if (!key) return null;
  for (const raw of asArray(k.data.configMapGenerator)) {
    const g = raw as { name?: unknown; files?: unknown };
    if (g.name !== name) continue;
    for (const f of asArray(g.files)) {
      if (typeof f !== "string") continue;
      const [fileKey, filePath] = f.includes("=")
        ? (f.split("=", 2) as [string, string])
        : [path.posix.basename(f), f];
      if (fileKey === key) return path.posix.join(k.dir, filePath);
    }
  }
  return null;
}

// ---- 3. generators -------------------------------------------------------------------------------

function fromGenerator(ctx: LocateContext, k: KustomizationFile, jsonPath: JsonPath): SourceLocation | null {
  const generators = asArray(k.data.configMapGenerator);
  const index = generators.findIndex((g) => (g as { name?: unknown }).name === ctx.object.name);
  if (index < 0) return null;
  const entryLine = locateInDocument(k.source, k.doc.doc, ["configMapGenerator", index]).line;
  const key = jsonPath[0] === "data" ? jsonPath[1] : undefined;
  if (typeof key === "string") {
    const g = generators[index] as { envs?: unknown; literals?: unknown };
    for (const env of asArray(g.envs)) {
      if (typeof env !== "string") continue;
      const file = path.posix.normalize(path.posix.join(k.dir, env));
      const source = ctx.cache.get(file);
      const line = source?.text.split("\n").findIndex((l) => l.trim().startsWith(`${key}=`));
      if (source && line !== undefined && line >= 0) return { file, line: line + 1 };
    }
    const literals = asArray(g.literals);
    const li = literals.findIndex((l) => typeof l === "string" && l.startsWith(`${key}=`));
    if (li >= 0)
      return {
        file: k.file,
        line: locateInDocument(k.source, k.doc.doc, ["configMapGenerator", index, "literals", li]).line,
      };
  }
  return { file: k.file, line: entryLine };
}
