/**
 * The part of JSONPath that ASL reference paths use: `$`, `.name`, `['name']` and `[index]`.
 * Anything wider (wildcards, filters, slices, `..`) parses to null: the caller treats the
 * value as UNKNOWN rather than evaluating JSONPath partially.
 */
import { AslRuntimeError, isRecord, UNKNOWN, type JsonPath } from "./values.ts";

/** Parses `$…` (input) paths; a context path `$$…` is parsed after dropping one `$`. */
export function parseReferencePath(expression: string): JsonPath | null {
  const text = expression.trim();
  if (!text.startsWith("$")) return null;
  const segments: JsonPath = [];
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === ".") {
      let end = i + 1;
      while (end < text.length && text[end] !== "." && text[end] !== "[") end += 1;
      const name = text.slice(i + 1, end);
      if (name === "" || name === "*") return null;
      segments.push(name);
      i = end;
    } else if (c === "[") {
      const parsed = parseBracket(text, i);
      if (!parsed) return null;
      segments.push(parsed.segment);
      i = parsed.next;
    } else {
      return null;
    }
  }
  return segments;
}

function parseBracket(text: string, open: number): { segment: string | number; next: number } | null {
  const quote = text[open + 1];
  if (quote === "'" || quote === '"') {
    let value = "";
    let i = open + 2;
    while (i < text.length && text[i] !== quote) {
      if (text[i] === "\\" && i + 1 < text.length) i += 1;
      value += text[i];
      i += 1;
    }
    if (text[i + 1] !== "]") return null;
    return { segment: value, next: i + 2 };
  }
  const close = text.indexOf("]", open);
  if (close < 0) return null;
  const inner = text.slice(open + 1, close).trim();
  if (!/^\d+$/.test(inner)) return null;
  return { segment: Number(inner), next: close + 1 };
}

export function formatReferencePath(root: "$" | "$$", segments: JsonPath): string {
  return (
    root +
    segments
      .map((s) => (typeof s === "number" ? `[${s}]` : /^[A-Za-z_][\w-]*$/.test(s) ? `.${s}` : `['${s}']`))
      .join("")
  );
}

/**
 * Reads `segments` from `data`. UNKNOWN anywhere on the way makes the result UNKNOWN;
 * a missing field or index on known data is a run-time failure, as in Step Functions.
 */
export function readPath(data: unknown, segments: JsonPath, notFound: () => string): unknown {
  let node = data;
  for (const segment of segments) {
    if (node === UNKNOWN) return UNKNOWN;
    if (typeof segment === "number") {
      if (!Array.isArray(node) || segment >= node.length) {
        throw new AslRuntimeError(notFound());
      }
      node = node[segment];
    } else {
      if (!isRecord(node) || !Object.hasOwn(node, segment)) {
        throw new AslRuntimeError(notFound());
      }
      node = node[segment];
    }
  }
  return node;
}

/** Returns a copy of `data` with `value` written at `segments` (ResultPath), creating objects on the way. */
export function writePath(data: unknown, segments: JsonPath, value: unknown): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return value;
  if (data === UNKNOWN) return UNKNOWN;
  if (typeof head === "number") {
    if (!Array.isArray(data) || head >= data.length)
      throw new AslRuntimeError("ResultPath index does not exist");
    const copy = [...(data as unknown[])];
    copy[head] = writePath(copy[head], rest, value);
    return copy;
  }
  if (data !== undefined && !isRecord(data)) {
    throw new AslRuntimeError("ResultPath points into a value that is not an object");
  }
  const copy: Record<string, unknown> = { ...(data ?? {}) };
  copy[head] = writePath(copy[head], rest, value);
  return copy;
}
