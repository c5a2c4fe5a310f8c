/** The operands of anything-but and numeric, checked as EventBridge does (see check.ts). */
import { suggestion, typeName } from "./describe.ts";
import type { PatternPath, PatternProblem } from "./types.ts";
import { wildcardError } from "./wildcard.ts";
import {
  ANYTHING_BUT_OPERATORS,
  NUMERIC_LIMIT,
  NUMERIC_OPERATORS,
  isPlainObject,
  numericValueError,
} from "./operators.ts";

export function checkAnythingBut(arg: unknown, path: PatternPath, out: PatternProblem[]) {
  const usage =
    'anything-but takes a string, a number, a list of only strings or only numbers, or one of {"prefix"|"suffix"|"equals-ignore-case"|"wildcard": ...}';
  const numberProblem = (n: number, at: PatternPath) => {
    const error = numericValueError(n);
    if (error) out.push({ message: `anything-but: ${error}`, path: at });
  };
  if (typeof arg === "string") return;
  if (typeof arg === "number") {
    numberProblem(arg, path);
    return;
  }
  if (Array.isArray(arg)) {
    if (arg.length === 0) {
      out.push({ message: `anything-but with an empty list excludes nothing; ${usage}`, path });
      return;
    }
    const bad = arg.findIndex((v) => typeof v !== "string" && typeof v !== "number");
    if (bad >= 0) {
      out.push({
        message: `anything-but lists take only strings or only numbers, got ${typeName(arg[bad])}; to exclude several prefixes or other operators, use {"anything-but": {"prefix": [...]}}`,
        path: [...path, bad],
      });
      return;
    }
    const strings = arg.filter((v) => typeof v === "string").length;
    if (strings !== 0 && strings !== arg.length) {
      out.push({ message: "anything-but lists must be all strings or all numbers, not a mix", path });
      return;
    }
    arg.forEach((v, i) => typeof v === "number" && numberProblem(v, [...path, i]));
    return;
  }
  if (!isPlainObject(arg)) {
    out.push({ message: `${usage}; got ${typeName(arg)}`, path });
    return;
  }
  const keys = Object.keys(arg);
  const inner = keys[0] ?? "";
  if (keys.length !== 1 || !(ANYTHING_BUT_OPERATORS as readonly string[]).includes(inner)) {
    const hint = keys.length === 1 ? suggestion(inner, ANYTHING_BUT_OPERATORS) : "";
    out.push({
      message: `anything-but accepts one of ${ANYTHING_BUT_OPERATORS.map((o) => `"${o}"`).join(", ")} inside an object; found ${keys.length === 0 ? "an empty object" : keys.map((k) => `"${k}"`).join(", ")}${hint}`,
      path: keys.length === 1 ? [...path, inner] : path,
    });
    return;
  }
  const at = [...path, inner];
  const value = arg[inner];
  const list = typeof value === "string" ? [value] : Array.isArray(value) ? value : null;
  if (list === null || list.length === 0) {
    out.push({
      message: `anything-but/${inner} takes a string or a non-empty list of strings, got ${typeName(value)}`,
      path: at,
    });
    return;
  }
  list.forEach((item, i) => {
    const itemPath = typeof value === "string" ? at : [...at, i];
    if (typeof item !== "string") {
      out.push({
        message: `anything-but/${inner} values must be strings, got ${typeName(item)}`,
        path: itemPath,
      });
    } else if ((inner === "prefix" || inner === "suffix") && item === "") {
      out.push({
        message: `anything-but/${inner} cannot be empty (it would exclude every string)`,
        path: itemPath,
      });
    } else if (inner === "wildcard") {
      const error = wildcardError(item);
      if (error)
        out.push({ message: `anything-but/wildcard ${JSON.stringify(item)}: ${error}`, path: itemPath });
    }
  });
}

const NUMERIC_USAGE = 'numeric takes ["=", 5], ["<", 10], [">=", 0] or a range like [">", 0, "<=", 5]';
const NUMERIC_HINTS: Record<string, string> = {
  "==": '; use "="',
  "=>": '; did you mean ">="?',
  "=<": '; did you mean "<="?',
  "!=": '; for "not equal" use {"anything-but": 5}',
  "<>": '; for "not equal" use {"anything-but": 5}',
};

export function checkNumeric(arg: unknown, path: PatternPath, out: PatternProblem[]) {
  const problem = (message: string, at: PatternPath = path) => out.push({ message, path: at });
  if (!Array.isArray(arg)) {
    problem(`${NUMERIC_USAGE}; got ${typeName(arg)}`);
    return;
  }
  if (arg.length === 0) {
    problem(`${NUMERIC_USAGE}; got an empty array`);
    return;
  }
  const operatorAt = (i: number): string | null => {
    const op = arg[i];
    if (typeof op === "string" && (NUMERIC_OPERATORS as readonly string[]).includes(op)) return op;
    const hint = typeof op === "string" ? (NUMERIC_HINTS[op] ?? "") : "";
    problem(
      `numeric: expected an operator (${NUMERIC_OPERATORS.join(" ")}) at position ${i}, got ${typeName(op)}${hint}`,
      [...path, i],
    );
    return null;
  };
  const numberAt = (i: number, op: string): number | null => {
    const n = arg[i];
    if (i >= arg.length) {
      problem(`numeric: "${op}" must be followed by a number`);
      return null;
    }
    if (typeof n !== "number") {
      problem(`numeric: "${op}" must be followed by a number, got ${typeName(n)}`, [...path, i]);
      return null;
    }
    const error = numericValueError(n);
    if (error) {
      problem(`numeric: ${error}`, [...path, i]);
      return null;
    }
    return n;
  };

  const first = operatorAt(0);
  if (first === null) return;
  const low = numberAt(1, first);
  if (low === null) return;
  if (first === "=" || first === "<" || first === "<=") {
    if (arg.length > 2) {
      problem(
        first === "="
          ? `numeric: "=" takes exactly one number: ["=", ${low}]`
          : `numeric: an upper bound must come last; write a range as [">", 0, "${first}", ${low}]`,
        [...path, 2],
      );
      return;
    }
    if (first !== "=" && low <= -NUMERIC_LIMIT)
      problem(`numeric: nothing is below ${low} (the range starts at -5e9)`);
    return;
  }
  if (arg.length === 2) {
    if (low >= NUMERIC_LIMIT) problem(`numeric: nothing is above ${low} (the range ends at 5e9)`);
    return;
  }
  const second = operatorAt(2);
  if (second === null) return;
  if (second !== "<" && second !== "<=") {
    problem(`numeric: a range is a lower bound (> or >=) then an upper bound (< or <=), got "${second}"`, [
      ...path,
      2,
    ]);
    return;
  }
  const high = numberAt(3, second);
  if (high === null) return;
  if (arg.length > 4) {
    problem(`numeric: too many elements; a range has at most 4: [">", 0, "<=", 5]`, [...path, 4]);
    return;
  }
  if (low >= high) problem(`numeric: the lower bound ${low} must be less than the upper bound ${high}`);
}
