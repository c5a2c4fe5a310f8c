/**
 * YAML (and JSON) files parsed with positions, so any path in a document maps to a line.
 * Uses the `yaml` package: js-yaml 5 has no positions; `yaml` has LineCounter and node ranges.
 * Aliases are refused outright (maxAliasCount: 0 at conversion): Kubernetes manifests do not
 * need them, and refusing them makes an alias bomb a one-line finding instead of a hang.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import jsyaml from "js-yaml";
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parse as parseYaml,
  parseAllDocuments,
  type Document,
  type Node,
} from "yaml";
import type { JsonPath, SourceLocation } from "../model/manifest.ts";
import { mightHaveYamlProblem } from "./yaml-suspects.ts";

/** Files larger than this are reported, not parsed: no manifest is legitimately this big. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

export interface SourceProblem {
  message: string;
  line: number | null;
  column: number | null;
}

export interface SourceDocument {
  /** Index of the document in the file. */
  index: number;
  doc: Document.Parsed;
  /** Plain JS value; null when the document failed to convert. */
  value: unknown;
}

export interface SourceFile {
  /** Repository-relative POSIX path. */
  file: string;
  text: string;
  lineCounter: LineCounter;
  documents: SourceDocument[];
  problems: SourceProblem[];
}

export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** Parses text (YAML or JSON) into documents with positions; never throws on bad input. */
export function parseSource(file: string, text: string): SourceFile {
  const lineCounter = new LineCounter();
  const problems: SourceProblem[] = [];
  const documents: SourceDocument[] = [];
  let parsed: Document.Parsed[] = [];
  try {
    parsed = parseAllDocuments(text, {
      lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
    }) as Document.Parsed[];
  } catch (error) {
    problems.push({ message: `cannot parse: ${(error as Error).message}`, line: null, column: null });
  }
  if (!Array.isArray(parsed)) parsed = [];
  const lines = text.split("\n");
  parsed.forEach((doc, index) => {
    for (const e of doc.errors) {
      const pos = lineCounter.linePos(e.pos[0]);
      // One cause, one problem: further errors the parser raises on the same line are echoes.
      if (problems.some((p) => p.line === pos.line)) continue;
      // A tab in the indentation often surfaces as some other error (a "compact mapping"): say so.
      const code = /^ *\t/.test(lines[pos.line - 1] ?? "") ? "TAB_AS_INDENT" : e.code;
      problems.push({ message: describeYamlError(code, e.message), line: pos.line, column: pos.col });
    }
    let value: unknown = null;
    if (doc.errors.length === 0) {
      try {
        value = doc.toJS({ maxAliasCount: 0 });
      } catch (error) {
        const pos = firstAliasLine(doc, lineCounter);
        problems.push({
          message: `YAML aliases are not allowed in manifests (${(error as Error).message}); write the values out`,
          line: pos,
          column: null,
        });
      }
    }
    documents.push({ index, doc, value });
  });
  return { file, text, lineCounter, documents, problems };
}

function describeYamlError(code: string, message: string): string {
  const first = message.split("\n")[0] ?? message;
  switch (code) {
    case "TAB_AS_INDENT":
      return "tab used for indentation: YAML allows only spaces; replace the tabs with spaces";
    case "DUPLICATE_KEY":
      return `duplicate key: ${first}; keep one of them`;
    case "BAD_INDENT":
    case "MISSING_CHAR":
    case "UNEXPECTED_TOKEN":
      return `malformed YAML (${code}): ${first}; check the indentation of this line and the one above`;
    default:
      return `malformed YAML (${code}): ${first}`;
  }
}

function firstAliasLine(doc: Document.Parsed, lc: LineCounter): number | null {
  let line: number | null = null;
  const visit = (node: unknown): void => {
    if (line !== null || !node || typeof node !== "object") return;
    const n = node as {
      type?: string;
      range?: [number, number];
      items?: unknown[];
      key?: unknown;
      value?: unknown;
    };
    if ((node as { constructor: { name: string } }).constructor.name === "Alias" && n.range) {
      line = lc.linePos(n.range[0]).line;
      return;
    }
    if (Array.isArray(n.items)) n.items.forEach(visit);
    if ("key" in n) visit(n.key);
    if ("value" in n) visit(n.value);
  };
  visit(doc.contents);
  return line;
}

/** Reads and parses a repository file, with a size guard. */
export function loadSource(repoRoot: string, relativeFile: string): SourceFile {
  const full = path.join(repoRoot, relativeFile);
  const size = statSync(full).size;
  if (size > MAX_SOURCE_BYTES) {
    return {
      file: relativeFile,
      text: "",
      lineCounter: new LineCounter(),
      documents: [],
      problems: [
        {
          message: `file is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_SOURCE_BYTES / 1024 / 1024} MB limit for manifests; split it or move data out of the manifests`,
          line: 1,
          column: 1,
        },
      ],
    };
  }
  return parseSource(relativeFile, readFileSync(full, "utf8"));
}

/**
 * Parsed sources for one run: each file is read and parsed once. Synchronous on purpose:
 * locating a finding happens inside rule code, and the files are small and few.
 */
export class SourceCache {
  private readonly files = new Map<string, SourceFile | null>();
  private readonly fastValues = new Map<string, unknown[] | null>();
  constructor(readonly repoRoot: string) {}

  /**
   * A file's document values without positions (the fast reader; `get`'s parse when the file is
   * unusual), for questions that need no line: is this the patch that sets a path, what is the
   * object's original name. Positions are parsed only for the file a finding points into.
   */
  values(relativeFile: string): unknown[] | null {
    const positioned = this.files.get(relativeFile);
    if (positioned !== undefined) return positioned ? positioned.documents.map((d) => d.value) : null;
    if (!this.fastValues.has(relativeFile)) {
      let values: unknown[] | null;
      try {
        values = readDocumentsWithoutPositions(this.repoRoot, relativeFile)?.map((d) => d.value) ?? null;
      } catch {
        values = null; // unreadable: get() says so, below
      }
      this.fastValues.set(
        relativeFile,
        values ?? this.get(relativeFile)?.documents.map((d) => d.value) ?? null,
      );
    }
    return this.fastValues.get(relativeFile) ?? null;
  }

  /**
   * What is wrong with a file's YAML, [] when it parses cleanly: the fast reader first, positions
   * only for a file it refuses (tabs, duplicate keys, bad indentation, aliases, size).
   * `suspectsOnly`: parse only a file the line scan flags (yaml-suspects.ts), for a build that has
   * not failed: the problems kustomize would hide (a tab, a duplicate key) at a tenth of the cost.
   */
  problems(relativeFile: string, suspectsOnly = false): SourceProblem[] {
    let known = this.problemsOf.get(relativeFile);
    if (!known && suspectsOnly) {
      try {
        const full = path.join(this.repoRoot, relativeFile);
        if (statSync(full).size <= MAX_SOURCE_BYTES && !mightHaveYamlProblem(readFileSync(full, "utf8")))
          return [];
      } catch {
        // unreadable: the full check below says what is wrong
      }
    }
    if (!known) {
      let clean: boolean;
      try {
        clean = readDocumentsWithoutPositions(this.repoRoot, relativeFile) !== null;
      } catch {
        clean = false;
      }
      known = clean ? [] : (this.get(relativeFile)?.problems ?? []);
      this.problemsOf.set(relativeFile, known);
    }
    return known;
  }

  private readonly problemsOf = new Map<string, SourceProblem[]>();

  get(relativeFile: string): SourceFile | null {
    if (!this.files.has(relativeFile)) {
      let source: SourceFile | null;
      try {
        source = loadSource(this.repoRoot, relativeFile);
      } catch {
        source = null;
      }
      this.files.set(relativeFile, source);
    }
    return this.files.get(relativeFile) ?? null;
  }
}

/**
 * Line of the deepest existing node along `path` in a document: the key's own line for a map
 * entry, the item's line for a sequence element. Returns the depth reached so callers can tell
 * an exact hit from a parent fallback.
 */
export function locateInDocument(
  source: SourceFile,
  doc: Document.Parsed,
  jsonPath: JsonPath,
): { line: number | null; column: number | null; depth: number; node: Node | null } {
  let node: unknown = doc.contents;
  let line: number | null = null;
  let column: number | null = null;
  const rangeStart = (n: unknown): number | null => {
    const r = (n as { range?: [number, number] } | null)?.range;
    return r ? r[0] : null;
  };
  const start = rangeStart(node);
  if (start !== null) ({ line, col: column } = toLineCol(source, start));
  let depth = 0;
  for (const segment of jsonPath) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
      if (!pair) break;
      const at = rangeStart(pair.key) ?? rangeStart(pair.value);
      if (at !== null) ({ line, col: column } = toLineCol(source, at));
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === undefined) break;
      const at = rangeStart(item);
      if (at !== null) ({ line, col: column } = toLineCol(source, at));
      node = item;
    } else {
      break;
    }
    depth++;
  }
  return { line, column, depth, node: (node as Node) ?? null };
}

function toLineCol(source: SourceFile, offset: number): { line: number; col: number } {
  return source.lineCounter.linePos(offset);
}

/**
 * For a block scalar holding an embedded document (JSON inside `definition: |`), the line in
 * the file of `innerPath` within that embedded document.
 */
export function locateInBlockScalar(
  source: SourceFile,
  node: Node,
  innerPath: JsonPath,
): SourceLocation | null {
  if (!isScalar(node) || typeof node.value !== "string" || !node.range) return null;
  const inner = parseSource(source.file, node.value);
  const doc = inner.documents[0];
  if (!doc) return null;
  const hit = locateInDocument(inner, doc.doc, innerPath);
  if (hit.line === null) return null;
  const headerLine = source.lineCounter.linePos(node.range[0]).line;
  // Block scalars ("|" / ">") start their content on the line after the indicator.
  const blockOffset =
    node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED" ? headerLine : headerLine - 1;
  const line = blockOffset + hit.line;
  // A literal block keeps each line as written, less the block's indentation: the column in the
  // file is the inner column plus what the block strips. Folded and quoted scalars join lines.
  const column =
    node.type === "BLOCK_LITERAL" && hit.line !== null
      ? columnInBlock(source, line, inner, { line: hit.line, column: hit.column })
      : null;
  return { file: source.file, line, column };
}

/**
 * The column in the file of a position inside a literal block scalar (`key: |`), whose text is
 * each line as written less the block's indentation: the inner column plus what the block strips.
 */
export function columnInBlock(
  source: SourceFile,
  fileLine: number,
  inner: SourceFile,
  at: { line: number; column: number | null },
): number | null {
  if (at.column === null) return null;
  return at.column + indentAt(source, fileLine) - indentAt(inner, at.line);
}

/** Leading spaces of a 1-based line (read from the line counter's offsets, no split). */
function indentAt(source: SourceFile, line: number): number {
  const start = source.lineCounter.lineStarts[line - 1];
  if (start === undefined) return 0;
  let end = start;
  while (source.text.charCodeAt(end) === 32) end++;
  return end - start;
}

/** Anchors or aliases outside quotes: only then is the slower, alias-refusing parser needed. */
const MAYBE_ALIAS = /(?:^|[\s,[{-])[&*][\w-]+(?=[\s,\]}]|$)/m;

/**
 * Parses one document when no positions are needed. Most YAML has no anchors, so the fast
 * js-yaml (core schema, like `yaml`'s default) reads it; anything that may hold an anchor or alias
 * goes to `yaml`, which refuses aliases (maxAliasCount: 0), so a YAML bomb cannot expand.
 */
export function parseWithoutPositions(text: string): unknown {
  return MAYBE_ALIAS.test(text)
    ? parseYaml(text, { maxAliasCount: 0 })
    : jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
}

export interface PlainDocument {
  /** Index as `parseAllDocuments` counts documents (so positions can be found later). */
  index: number;
  text: string;
  value: unknown;
}

/**
 * A file's documents without positions, when it parses cleanly: split at `---` markers and
 * read with parseWithoutPositions. Null for anything unusual (a parse error, `...` markers, a file over the
 * size limit): the caller then takes parseSource's path, which reports problems with lines.
 */
export function readDocumentsWithoutPositions(
  repoRoot: string,
  relativeFile: string,
): PlainDocument[] | null {
  const full = path.join(repoRoot, relativeFile);
  if (statSync(full).size > MAX_SOURCE_BYTES) return null;
  return splitDocumentsWithoutPositions(readFileSync(full, "utf8"));
}

/** readDocumentsWithoutPositions for text already read (the caller keeps to MAX_SOURCE_BYTES). */
export function splitDocumentsWithoutPositions(text: string): PlainDocument[] | null {
  if (/^\.\.\.\s*$/m.test(text) || /^%/m.test(text)) return null;
  const parts = text.split(/^---[ \t]*(?:#.*)?(?:\r?\n|$)/m);
  // Text before the first marker is a document only if it holds more than comments.
  if (parts.length > 1 && !/^[ \t]*[^#\s]/m.test(parts[0] ?? "")) parts.shift();
  const docs: PlainDocument[] = [];
  try {
    parts.forEach((part, index) =>
      docs.push({ index, text: part, value: parseWithoutPositions(part) ?? null }),
    );
  } catch {
    return null;
  }
  return docs;
}
