/**
 * Matches an event against an EventBridge pattern with the semantics AWS documents (and event-ruler
 * implements): AND across fields, OR within a field's array; an array in the event matches when any
 * element does, arrays of objects are looked into one element at a time (array-consistent: fields
 * from different elements never combine), nested arrays are flattened; only leaf values (strings,
 * numbers, booleans, null) count, so a field holding [] or {} or an object does not "exist".
 * Check a pattern with checkPattern first: unknown constructs here simply do not match.
 */
import type { EventPattern, PatternPath } from "./check.ts";
import { ipInRange, parseCidr, parseIp, sameIp } from "./ip.ts";
import { NUMERIC_LIMIT, OR_KEY, isPlainObject } from "./operators.ts";
import { wildcardMatches } from "./wildcard.ts";

type Leaf = string | number | boolean | null;
type Fields = Record<string, unknown>;

const NO_FIELDS: Fields = Object.freeze({});

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchNode(pattern, event);
}

export interface Mismatch {
  /** Where in the pattern the first failing field is, e.g. ["detail","object","key"]. */
  path: PatternPath;
  reason: string;
}

/** Why an event does not match: the first failing field in pattern order, or null when it matches. */
export function firstMismatch(pattern: EventPattern, event: unknown): Mismatch | null {
  return explain(pattern, event, []);
}

/** Objects an event node offers to a nested pattern: itself, or each object inside an array. */
function scopes(node: unknown): Fields[] {
  if (isPlainObject(node)) return [node];
  if (!Array.isArray(node)) return [];
  return node.flat(Infinity).filter(isPlainObject);
}

function matchNode(pattern: Fields, node: unknown): boolean {
  const candidates = scopes(node);
  // With nothing to look into, only absence rules (exists: false) can still match.
  if (candidates.length === 0) return matchFields(pattern, NO_FIELDS);
  return candidates.some((fields) => matchFields(pattern, fields));
}

function matchFields(pattern: Fields, fields: Fields): boolean {
  return Object.entries(pattern).every(([key, rule]) => matchField(key, rule, fields));
}

function fieldValue(fields: Fields, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
}

function matchField(key: string, rule: unknown, fields: Fields): boolean {
  if (key === OR_KEY && Array.isArray(rule)) {
    return rule.some((alternative) => isPlainObject(alternative) && matchFields(alternative, fields));
  }
  const value = fieldValue(fields, key);
  if (Array.isArray(rule)) return matchValues(rule, leaves(value));
  if (isPlainObject(rule)) return matchNode(rule, value);
  return false;
}

/** The leaf values at a field: the value itself, or the scalars of a (nested) array; objects have none. */
function leaves(value: unknown): Leaf[] {
  if (value === undefined || isPlainObject(value)) return [];
  const all: unknown[] = Array.isArray(value) ? value.flat(Infinity) : [value];
  return all.filter(
    (v): v is Leaf => v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean",
  );
}

function matchValues(rules: unknown[], values: Leaf[]): boolean {
  return rules.some((rule) => {
    if (!isPlainObject(rule)) return values.some((v) => equalsExactly(rule, v));
    const entries = Object.entries(rule);
    if (entries.length !== 1) return false;
    const [name, arg] = entries[0] ?? ["", undefined];
    if (name === "exists") return typeof arg === "boolean" && arg === values.length > 0;
    return values.some((v) => operatorMatches(name, arg, v));
  });
}

function equalsExactly(expected: unknown, value: Leaf): boolean {
  if (typeof expected === "string") {
    if (typeof value !== "string") return false;
    if (expected === value) return true;
    // Ruler compiles a string that is an IP address into an address match, so "2001:db8::1"
    // also matches "2001:0db8:0:0:0:0:0:1".
    const a = parseIp(expected);
    const b = a && parseIp(value);
    return a !== null && b !== null && sameIp(a, b);
  }
  // Numbers compare as IEEE doubles (3.0e2 equals 300); true is not 1, "5" is not 5.
  return expected === value;
}

const lower = (s: string) => s.toLowerCase();

function operatorMatches(name: string, arg: unknown, value: Leaf): boolean {
  switch (name) {
    case "prefix":
    case "suffix": {
      if (typeof value !== "string") return false;
      const ends = name === "prefix" ? String.prototype.startsWith : String.prototype.endsWith;
      if (typeof arg === "string") return ends.call(value, arg);
      const ignoreCase = isPlainObject(arg) ? arg["equals-ignore-case"] : undefined;
      return typeof ignoreCase === "string" && ends.call(lower(value), lower(ignoreCase));
    }
    case "equals-ignore-case":
      return typeof value === "string" && typeof arg === "string" && lower(value) === lower(arg);
    case "wildcard":
      return typeof value === "string" && typeof arg === "string" && wildcardMatches(arg, value);
    case "anything-but":
      return !excludedBy(arg, value);
    case "numeric":
      return typeof value === "number" && Math.abs(value) <= NUMERIC_LIMIT && numericHolds(arg, value);
    case "cidr": {
      if (typeof value !== "string" || typeof arg !== "string") return false;
      const range = parseCidr(arg);
      const ip = parseIp(value);
      return ip !== null && !("error" in range) && ipInRange(ip, range);
    }
    default:
      return false;
  }
}

/** True when `value` is one of the things anything-but excludes (values of another type never are). */
function excludedBy(arg: unknown, value: Leaf): boolean {
  if (typeof arg === "string" || typeof arg === "number") return value === arg;
  if (Array.isArray(arg)) return arg.some((excluded) => excluded === value);
  if (!isPlainObject(arg) || typeof value !== "string") return false;
  const [name, spec] = Object.entries(arg)[0] ?? ["", undefined];
  const list = typeof spec === "string" ? [spec] : Array.isArray(spec) ? spec : [];
  return list.some((item) => {
    if (typeof item !== "string") return false;
    switch (name) {
      case "prefix":
        return value.startsWith(item);
      case "suffix":
        return value.endsWith(item);
      case "equals-ignore-case":
        return lower(value) === lower(item);
      case "wildcard":
        return wildcardMatches(item, value);
      default:
        return false;
    }
  });
}

function numericHolds(arg: unknown, value: number): boolean {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0) return false;
  for (let i = 0; i < arg.length; i += 2) {
    const op: unknown = arg[i];
    const n: unknown = arg[i + 1];
    if (typeof n !== "number") return false;
    const holds =
      op === "="
        ? value === n
        : op === "<"
          ? value < n
          : op === "<="
            ? value <= n
            : op === ">"
              ? value > n
              : op === ">="
                ? value >= n
                : false;
    if (!holds) return false;
  }
  return true;
}

// --- explanations (for `edp test-pattern`) -------------------------------------------------------

function explain(pattern: Fields, node: unknown, path: PatternPath): Mismatch | null {
  const candidates = scopes(node);
  if (candidates.length > 1) {
    if (candidates.some((fields) => matchFields(pattern, fields))) return null;
    return {
      path,
      reason: `no single element of this array matches all of ${JSON.stringify(Object.keys(pattern))}`,
    };
  }
  const fields = candidates[0] ?? NO_FIELDS;
  for (const [key, rule] of Object.entries(pattern)) {
    if (matchField(key, rule, fields)) continue;
    const at = [...path, key];
    if (key === OR_KEY) return { path: at, reason: "none of the $or alternatives matches" };
    const value = fieldValue(fields, key);
    if (isPlainObject(rule)) return explain(rule, value, at) ?? { path: at, reason: "does not match" };
    const values = leaves(value);
    const wanted = JSON.stringify(rule);
    if (value === undefined)
      return { path: at, reason: `missing from the event (the pattern wants ${wanted})` };
    if (values.length === 0) {
      return {
        path: at,
        reason: `no value to compare (it is ${JSON.stringify(value)}); the pattern wants ${wanted}`,
      };
    }
    const shown = values.length === 1 ? JSON.stringify(values[0]) : JSON.stringify(values);
    return { path: at, reason: `value ${shown} does not match ${wanted}` };
  }
  return null;
}
