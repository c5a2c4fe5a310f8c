/**
 * Values the ASL evaluator works with: plain JSON, plus UNKNOWN for anything the evaluator
 * cannot know before the run (a Task's result, an unsupported path or intrinsic function).
 * A check that meets UNKNOWN skips the value instead of guessing.
 */

export const UNKNOWN: unique symbol = Symbol("asl-unknown-value");

/** A path into a JSON document: object keys and array indexes. */
export type JsonPath = (string | number)[];

/** The run itself would fail here (States.Runtime and friends), for a value the evaluator fully knows. */
export class AslRuntimeError extends Error {
  override name = "AslRuntimeError";
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isRecord(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/** Short JSON text of a value for messages. */
export function describeValue(value: unknown): string {
  if (value === UNKNOWN) return "<unknown>";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
