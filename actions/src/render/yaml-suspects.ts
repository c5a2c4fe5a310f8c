/**
 * A cheap look at a YAML file before kustomize reads it: could it hold a tab in its
 * indentation or a duplicate key? kustomize resolves a duplicate key silently (it keeps one), so
 * these are the YAML problems a successful build hides. Parsing every file with positions costs
 * about a tenth of a validate run; this line scan costs a small fraction of that. It is a filter,
 * never the judge: a file it flags is parsed (yaml-source.ts) and only the parser's problems are
 * reported; a file it passes must be one the parser would pass too, which the oracle test holds
 * (actions/test/unit/yaml-suspects.test.ts, every key line of the repository duplicated in turn).
 *
 * Anything it does not follow line by line (flow collections, explicit `?` keys, directives,
 * multi-line flow scalars it cannot skip) makes it answer "maybe".
 */

const TAB_IN_INDENT = /^[ ]*\t/m;
/** A block mapping key at the start of the (de-indented, de-dashed) content: plain or quoted. */
const KEY =
  /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"{}[\]&*!|>%@`,?:-][^#]*?|-[^\s#][^#]*?))[ \t]*:(?:[ \t]|$)/;
const BLOCK_SCALAR = /[|>][+-]?\d?[+-]?[ \t]*(?:#.*)?$/;

export function mightHaveYamlProblem(text: string): boolean {
  if (TAB_IN_INDENT.test(text)) return true;
  // keys[column] = keys seen in the mapping that currently sits at that column
  const keys = new Map<number, Set<string>>();
  let blockScalarParent = -1; // while >= 0: skip lines indented deeper than this column
  const lines = text.split("\n");
  for (const raw of lines) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const indent = line.length - line.trimStart().length;
    const rest = line.slice(indent);
    if (blockScalarParent >= 0) {
      if (rest === "" || indent > blockScalarParent) continue;
      blockScalarParent = -1;
    }
    if (rest === "" || rest.startsWith("#")) continue;
    if (indent === 0 && (rest.startsWith("---") || rest.startsWith("..."))) {
      keys.clear();
      continue;
    }
    if (rest.startsWith("%")) return true;
    // Sequence dashes: each starts a new item; the item's mapping begins after them.
    let column = indent;
    let content = rest;
    let dashed = false;
    for (let m = /^-(?:[ \t]+|$)/.exec(content); m; m = /^-(?:[ \t]+|$)/.exec(content)) {
      column += m[0].length;
      content = content.slice(m[0].length);
      dashed = true;
    }
    // A new item, or a line back at a shallower column, ends every mapping deeper than it.
    for (const c of keys.keys()) if (c > column || (dashed && c >= column)) keys.delete(c);
    if (content === "" || content.startsWith("#")) continue;
    if (content.startsWith("?") || flowMayHideKey(content)) return true;
    const m = KEY.exec(content);
    if (!m) {
      // An item's block scalar: its lines sit deeper than the dash.
      if (dashed && /^[|>][+-]?\d?[+-]?[ \t]*(?:#.*)?$/.test(content)) blockScalarParent = indent;
      // A scalar line (a continuation, or an item's value) holds no key; anything else may.
      else if (/:(?:[ \t]|$)/.test(content) || (/^["']/.test(content) && !closesOnLine(content))) return true;
      continue;
    }
    if (m[1]?.includes("\\")) return true; // escapes: "\x61" is the key a
    const key = m[1] ?? m[2]?.replace(/''/g, "'") ?? m[3] ?? "";
    let seen = keys.get(column);
    if (!seen) keys.set(column, (seen = new Set()));
    if (seen.has(key)) return true;
    seen.add(key);
    const value = content.slice(m[0].length);
    if (flowMayHideKey(value.trimStart())) return true;
    if (BLOCK_SCALAR.test(value) && /^[|>]/.test(value.trim())) blockScalarParent = column;
    else if (/^["']/.test(value.trim()) && !closesOnLine(value.trim())) return true;
    else if (/^[&*!]/.test(value.trim()) || /<</.test(key)) return true;
  }
  return false;
}

/**
 * A flow collection starts a value only at its first character (`${VAR}` inside a plain scalar
 * is text). A flow sequence of scalars closed on its line holds no key; anything else may.
 */
function flowMayHideKey(value: string): boolean {
  if (/^(?:\{\s*\}|\[\s*\])\s*(?:#.*)?$/.test(value)) return false; // {} or []
  if (value.startsWith("{")) return true;
  if (!value.startsWith("[")) return false;
  return value.includes("{") || count(value, "[") !== count(value, "]");
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

/** Whether a quoted scalar that starts this text ends on the same line. */
function closesOnLine(text: string): boolean {
  const quote = text[0];
  if (quote === '"') return /^"(?:[^"\\]|\\.)*"/.test(text);
  return /^'(?:[^']|'')*'/.test(text);
}
