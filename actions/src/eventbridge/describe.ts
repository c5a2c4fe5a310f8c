/** Words for pattern problems: a value's JSON type, the nearest valid name. */
import { closest, distance } from "fastest-levenshtein";
import { isPlainObject } from "./operators.ts";

export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (isPlainObject(value)) return "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  return typeof value;
}

export function suggestion(name: string, candidates: readonly string[]): string {
  const lower = name.toLowerCase();
  const best = closest(lower, candidates);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(lower, best) <= limit ? `; did you mean "${best}"?` : "";
}
