/** The vocabulary of EventBridge event patterns, shared by the checker and the matcher. */

/** Every operator EventBridge accepts inside a field's value array. */
export const OPERATORS = [
  "prefix",
  "suffix",
  "equals-ignore-case",
  "wildcard",
  "anything-but",
  "numeric",
  "cidr",
  "exists",
] as const;
export type OperatorName = (typeof OPERATORS)[number];

/** What `anything-but` accepts as an object: { "prefix": ... } and so on. */
export const ANYTHING_BUT_OPERATORS = ["prefix", "suffix", "equals-ignore-case", "wildcard"] as const;

export const NUMERIC_OPERATORS = ["=", "<", "<=", ">", ">="] as const;

export const OR_KEY = "$or";

/**
 * Names Ruler refuses as field names inside `$or` (they read as operators), from event-ruler's
 * RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP, including the ones it keeps for future operators.
 */
export const RESERVED_IN_OR: ReadonlySet<string> = new Set([
  ...OPERATORS,
  "exactly",
  "html",
  ...NUMERIC_OPERATORS,
  "regex",
  "not-wildcard",
  "not-equals-ignore-case",
  "date-after",
  "date-on-or-after",
  "date-before",
  "date-on-or-before",
  "in-date-range",
  "ip-address-in-range",
  "ip-address-not-in-range",
]);

/** Numeric matching works on numbers in [-5e9, 5e9] with at most six decimal places (AWS docs, Ruler). */
export const NUMERIC_LIMIT = 5e9;
export const NUMERIC_MAX_DECIMALS = 6;

export function isOperatorName(name: string): name is OperatorName {
  return (OPERATORS as readonly string[]).includes(name);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Decimal places of a number as JSON would print it (1.5e-7 has 8). */
export function decimalPlaces(n: number): number {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(n)));
  if (!m) return 0;
  return Math.max(0, (m[2]?.length ?? 0) - Number(m[3] ?? 0));
}

/** Why a number cannot be used for numeric matching, or null when it can. */
export function numericValueError(n: number): string | null {
  if (!Number.isFinite(n)) return "must be a finite number";
  if (Math.abs(n) > NUMERIC_LIMIT) return `${n} is outside the supported range -5e9 to 5e9`;
  if (decimalPlaces(n) > NUMERIC_MAX_DECIMALS)
    return `${n} has more than ${NUMERIC_MAX_DECIMALS} decimal places`;
  return null;
}
