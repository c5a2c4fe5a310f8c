/**
 * Checks an EventBridge event pattern the way EventBridge (event-ruler's JsonRuleCompiler) does:
 * every operator it supports and nothing else, with a message that names the operator, says what is
 * allowed and, for a misspelled name, suggests the nearest valid one. Problems carry the JSON path
 * inside the pattern so a caller can point at a file line.
 */
import { checkAnythingBut, checkNumeric } from "./check-operands.ts";
import type { EventPattern, PatternPath, PatternProblem } from "./types.ts";

export type { EventPattern, PatternPath, PatternProblem } from "./types.ts";
import { suggestion, typeName } from "./describe.ts";
import { findJsonSyntaxError } from "./json-syntax.ts";
import { parseCidr } from "./ip.ts";
import { wildcardError } from "./wildcard.ts";
import { OPERATORS, OR_KEY, RESERVED_IN_OR, isOperatorName, isPlainObject } from "./operators.ts";
import { jsonTooDeep } from "../model/json-depth.ts";

/** Deeper than any event is: refused before anything recursive reads the pattern. */
export const MAX_PATTERN_DEPTH = 64;

/** EventBridge's limit on the EventPattern string of a rule. */
export const MAX_PATTERN_LENGTH = 4096;

/**
 * Parses and checks pattern text. `pattern` is the parsed object whenever the text is a JSON object;
 * match with it only when `problems` is empty.
 */
export function parsePattern(text: string): { pattern: EventPattern | null; problems: PatternProblem[] } {
  const problems: PatternProblem[] = [];
  if (text.length > MAX_PATTERN_LENGTH) {
    problems.push({
      message: `the pattern is ${text.length} characters long; EventBridge accepts at most ${MAX_PATTERN_LENGTH} (whitespace counts)`,
      path: [],
    });
  }
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const deep = jsonTooDeep(body, MAX_PATTERN_DEPTH);
  if (deep) {
    problems.push({
      message: `the pattern nests deeper than ${deep.limit} levels (line ${deep.line}, column ${deep.column}): an event pattern filters a few levels of an event; flatten it`,
      path: [],
    });
    return { pattern: null, problems };
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const where = findJsonSyntaxError(body);
    const detail = where
      ? `line ${where.line}, column ${where.column}: ${where.message}`
      : error instanceof Error
        ? error.message
        : String(error);
    problems.push({ message: `invalid JSON at ${detail}`, path: [] });
    return { pattern: null, problems };
  }
  problems.push(...checkPattern(value));
  return { pattern: isPlainObject(value) ? value : null, problems };
}

/** All problems in a parsed pattern; an empty list means EventBridge would accept it. */
export function checkPattern(pattern: unknown): PatternProblem[] {
  const problems: PatternProblem[] = [];
  if (!isPlainObject(pattern)) {
    problems.push({
      message: `an event pattern must be a JSON object like {"source": ["aws.s3"]}, got ${typeName(pattern)}`,
      path: [],
    });
    return problems;
  }
  checkObject(pattern, [], false, problems);
  return problems;
}

/** "detail.object.key[0].prefix", for messages. */
export function formatPatternPath(path: PatternPath): string {
  let out = "";
  for (const step of path) {
    if (typeof step === "number") out += `[${step}]`;
    else if (/^[A-Za-z0-9_$-]+$/.test(step)) out += out === "" ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out === "" ? "(pattern)" : out;
}

/** "; did you mean "prefix"?" for a near miss (case-insensitive), else "". */

const OPERATOR_LIST = OPERATORS.join(", ");

/** Operators people reach for from other filter languages, and what EventBridge offers instead. */
const OPERATOR_HINTS: Record<string, string> = {
  contains: '; EventBridge has no "contains": use {"wildcard": "*text*"}',
  "begins-with": '; use "prefix"',
  "starts-with": '; use "prefix"',
  startswith: '; use "prefix"',
  "ends-with": '; use "suffix"',
  endswith: '; use "suffix"',
  equals: '; to match a value exactly, list it: ["value"]',
  exact: '; to match a value exactly, list it: ["value"]',
  exactly: '; to match a value exactly, list it: ["value"]',
  in: '; to match any of several values, list them: ["a", "b"]',
  not: '; use "anything-but"',
  "not-equals": '; use "anything-but"',
  regex: '; EventBridge has no regular expressions: use "wildcard", "prefix" or "suffix"',
  regexp: '; EventBridge has no regular expressions: use "wildcard", "prefix" or "suffix"',
  ip: '; use "cidr"',
  "ip-address": '; use "cidr"',
};

function checkObject(
  node: Record<string, unknown>,
  path: PatternPath,
  insideOr: boolean,
  out: PatternProblem[],
) {
  const keys = Object.keys(node);
  if (keys.length === 0) {
    out.push({
      message: "empty objects are not allowed; remove it or name at least one field to match",
      path,
    });
    return;
  }
  for (const key of keys) {
    const value = node[key];
    const at = [...path, key];
    if (key === OR_KEY) {
      checkOr(value, at, out);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) {
      out.push({
        message: `"${key}" is an operator name and cannot be used as a field name inside $or; operators go inside a field's array, e.g. "field": [{"${isOperatorName(key) ? key : "numeric"}": ...}]`,
        path: at,
      });
      continue;
    }
    if (Array.isArray(value)) checkValues(value, at, out);
    else if (isPlainObject(value)) checkObject(value, at, insideOr, out);
    else {
      const hint = isOperatorName(key)
        ? `; "${key}" is an operator, and operators go inside the field's array: "field": [{"${key}": ${JSON.stringify(value)}}]`
        : `; write "${key}": [${JSON.stringify(value) ?? "..."}] to match that value`;
      out.push({
        message: `"${key}" must be an array of values to match or an object of nested fields, got ${typeName(value)}${hint}`,
        path: at,
      });
    }
  }
}

function checkOr(value: unknown, path: PatternPath, out: PatternProblem[]) {
  if (!Array.isArray(value)) {
    out.push({
      message: `$or must be an array of at least 2 sub-patterns, like "$or": [{"a": ["x"]}, {"b": ["y"]}]; got ${typeName(value)}`,
      path,
    });
    return;
  }
  if (value.length < 2) {
    out.push({
      message: `$or needs at least 2 sub-patterns, got ${value.length}; with one, write its fields directly`,
      path,
    });
  }
  value.forEach((alternative, i) => {
    if (isPlainObject(alternative)) checkObject(alternative, [...path, i], true, out);
    else
      out.push({
        message: `each $or alternative must be an object of fields, got ${typeName(alternative)}`,
        path: [...path, i],
      });
  });
}

function checkValues(values: unknown[], path: PatternPath, out: PatternProblem[]) {
  if (values.length === 0) {
    out.push({
      message:
        "empty arrays are not allowed; list at least one value or operator (an empty list would match nothing)",
      path,
    });
    return;
  }
  values.forEach((value, i) => {
    const at = [...path, i];
    if (value === null || typeof value === "string" || typeof value === "boolean") return;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) out.push({ message: "a number to match must be finite", path: at });
      return;
    }
    if (isPlainObject(value)) {
      checkOperator(value, at, out);
      return;
    }
    out.push({
      message: `a value to match must be a string, number, true, false, null or an operator object like {"prefix": "x"}, got ${typeName(value)}`,
      path: at,
    });
  });
}

function checkOperator(node: Record<string, unknown>, path: PatternPath, out: PatternProblem[]) {
  const keys = Object.keys(node);
  if (keys.length !== 1) {
    out.push({
      message:
        keys.length === 0
          ? `empty operator object; use one of: ${OPERATOR_LIST}`
          : `an operator object takes exactly one operator, found ${keys.length} (${keys.join(", ")}); put each in its own object in the array (the array means OR)`,
      path,
    });
    return;
  }
  const name = keys[0] ?? "";
  const arg = node[name];
  const at = [...path, name];
  const problem = (message: string) => out.push({ message, path: at });
  switch (name) {
    case "prefix":
    case "suffix":
      checkAffix(name, arg, at, out);
      return;
    case "equals-ignore-case":
      if (typeof arg !== "string") problem(`equals-ignore-case takes a string, got ${typeName(arg)}`);
      return;
    case "wildcard": {
      if (typeof arg !== "string") {
        problem(`wildcard takes a string like "scripts/*.py", got ${typeName(arg)}`);
        return;
      }
      const error = wildcardError(arg);
      if (error) problem(`wildcard ${JSON.stringify(arg)}: ${error}`);
      return;
    }
    case "anything-but":
      checkAnythingBut(arg, at, out);
      return;
    case "numeric":
      checkNumeric(arg, at, out);
      return;
    case "cidr": {
      if (typeof arg !== "string") {
        problem(`cidr takes a string like "10.0.0.0/24" or "2001:db8::/32", got ${typeName(arg)}`);
        return;
      }
      const parsed = parseCidr(arg);
      if ("error" in parsed) problem(`cidr ${JSON.stringify(arg)}: ${parsed.error}`);
      return;
    }
    case "exists":
      if (typeof arg !== "boolean") {
        problem(`exists takes true or false (a JSON boolean, not a string), got ${typeName(arg)}`);
      }
      return;
    case OR_KEY:
      problem(`$or cannot be used inside a value array; put it next to the fields: {"$or": [{...}, {...}]}`);
      return;
    default: {
      const hint = OPERATOR_HINTS[name.toLowerCase()] ?? suggestion(name, OPERATORS);
      problem(`unknown operator "${name}"${hint} (operators: ${OPERATOR_LIST})`);
    }
  }
}

function checkAffix(name: "prefix" | "suffix", arg: unknown, path: PatternPath, out: PatternProblem[]) {
  if (typeof arg === "string") return;
  const usage = `${name} takes a string or {"equals-ignore-case": "..."}`;
  if (!isPlainObject(arg)) {
    out.push({ message: `${usage}, got ${typeName(arg)}`, path });
    return;
  }
  const keys = Object.keys(arg);
  if (keys.length !== 1 || keys[0] !== "equals-ignore-case") {
    const hint = keys.length === 1 ? suggestion(keys[0] ?? "", ["equals-ignore-case"]) : "";
    out.push({
      message: `${usage}; found ${keys.length === 0 ? "an empty object" : keys.map((k) => `"${k}"`).join(", ")}${hint}`,
      path,
    });
    return;
  }
  if (typeof arg["equals-ignore-case"] !== "string") {
    out.push({
      message: `${name}/equals-ignore-case takes a string, got ${typeName(arg["equals-ignore-case"])}`,
      path: [...path, "equals-ignore-case"],
    });
  }
}
