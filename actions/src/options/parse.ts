/**
 * The value parsers every shell uses (CLI flags and action inputs). Each throws an
 * OptionValueError saying what was expected; the caller names the option (table.ts).
 */

export class OptionValueError extends Error {}

/** "true"/"false" and the usual synonyms (yes/no, on/off, 1/0), any case. */
export function parseBoolean(value: string): boolean {
  const v = value.trim();
  if (/^(true|yes|on|1)$/i.test(v)) return true;
  if (/^(false|no|off|0)$/i.test(v)) return false;
  throw new OptionValueError(`must be "true" or "false", got "${value}".`);
}

export function parseWholeNumber(value: string, min: number): number {
  const v = value.trim();
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min)
    throw new OptionValueError(`must be a whole number ≥ ${min}, got "${value}".`);
  return n;
}

/** "a,b c" → ["a", "b", "c"]: commas or whitespace, empties dropped. */
export function parseList(value: string | undefined): string[] {
  return (value ?? "")
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

export function parseEnum<C extends string>(value: string, choices: readonly C[]): C {
  const v = value.trim();
  if ((choices as readonly string[]).includes(v)) return v as C;
  const quoted = choices.map((c) => `"${c}"`);
  const expected = `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
  throw new OptionValueError(`must be ${expected}, got "${value}".`);
}
