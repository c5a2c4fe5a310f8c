/**
 * An option table names each option of a command once: its CLI flag, its action input (if
 * any), type, default and help. From it come the parseArgs config, the usage text's options,
 * and the values read from either shell, parsed by the same parsers (parse.ts).
 */
import type { ParseArgsConfig } from "node:util";
import { ConfigError, UsageError } from "../errors.ts";
import { parseCommandArgs } from "./cli-args.ts";
import { OptionValueError, parseBoolean, parseEnum, parseList, parseWholeNumber } from "./parse.ts";

interface RowBase {
  /** CLI flag without "--" (none: action only). */
  flag?: string;
  short?: string;
  /** Action input name (none: CLI only). */
  input?: string;
  /** Placeholder shown after the flag in the usage text. */
  value?: string;
  /** Usage text (lines after the first are indented under it); none: not listed. */
  help?: string;
  /** action.yml's default when the row has none of its own (the shell resolves the empty value). */
  inputDefault?: string;
}

export type OptionRow =
  | (RowBase & { type: "string"; default?: string; required?: boolean })
  /** negated: the flag (e.g. --no-wait) sets the option to false. */
  | (RowBase & { type: "boolean"; default?: boolean; negated?: boolean })
  | (RowBase & { type: "number"; default: number; min: number })
  /** multiple: the flag may repeat; each value is a list too. */
  | (RowBase & { type: "list"; multiple?: boolean })
  | (RowBase & { type: "enum"; choices: readonly string[]; default: string });

export type OptionTable = Record<string, OptionRow>;

type ValueOf<R extends OptionRow> = R extends { type: "boolean" }
  ? boolean
  : R extends { type: "number" }
    ? number
    : R extends { type: "list" }
      ? string[]
      : R extends { type: "enum"; choices: readonly (infer C)[] }
        ? C
        : string | undefined;

export type OptionValues<T extends OptionTable> = { [K in keyof T]: ValueOf<T[K]> };

export function parseArgsConfig(table: OptionTable): NonNullable<ParseArgsConfig["options"]> {
  const config: NonNullable<ParseArgsConfig["options"]> = {};
  for (const row of Object.values(table)) {
    if (!row.flag) continue;
    config[row.flag] = {
      type: row.type === "boolean" ? "boolean" : "string",
      ...(row.type === "list" && row.multiple ? { multiple: true } : {}),
      ...(row.short ? { short: row.short } : {}),
    };
  }
  return config;
}

/** The options section of a usage text: one line per flag, help aligned at `width` (+2). */
export function usageOptions(table: OptionTable, minWidth: number): string {
  const lines: string[] = [];
  const rows = Object.values(table).filter((row) => row.flag && row.help !== undefined);
  const label = (row: (typeof rows)[number]) =>
    `${row.short ? `-${row.short}, ` : ""}--${row.flag}${row.value ? ` ${row.value}` : ""}`;
  // Every help text starts in one column, wide enough for the longest flag.
  const width = Math.max(minWidth, ...rows.map((row) => label(row).length + 2));
  for (const row of rows) {
    const [first, ...rest] = (row.help ?? "").split("\n");
    lines.push(`  ${label(row).padEnd(width)}${first}`);
    for (const more of rest) lines.push(`  ${" ".repeat(width)}${more}`);
  }
  return lines.join("\n");
}

/** Parses a command's flags; an invalid value is a UsageError naming the flag. */
export function readFlags<T extends OptionTable>(
  command: string,
  table: T,
  argv: string[],
  { positionals = false }: { positionals?: boolean } = {},
): { values: OptionValues<T>; positionals: string[] } {
  const parsed = parseCommandArgs(command, argv, parseArgsConfig(table), { positionals });
  const raw = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const values: Record<string, unknown> = {};
  for (const [key, row] of Object.entries(table)) {
    const given = row.flag ? raw[row.flag] : undefined;
    try {
      values[key] = fromFlag(row, given);
    } catch (error) {
      if (!(error instanceof OptionValueError)) throw error;
      throw new UsageError(`edp ${command}: --${row.flag} ${error.message}`);
    }
  }
  return { values: values as OptionValues<T>, positionals: parsed.positionals };
}

function fromFlag(row: OptionRow, given: string | boolean | string[] | undefined): unknown {
  if (row.type === "boolean") {
    if (given === undefined) return row.default ?? false;
    return row.negated ? !given : given === true;
  }
  if (given === undefined) return fallback(row);
  if (row.type === "list")
    return (Array.isArray(given) ? given : [String(given)]).flatMap((v) => parseList(v));
  return parseText(row, String(given));
}

/**
 * Reads a command's action inputs (`getInput` is @actions/core's, which trims); an empty input
 * takes the row's default, an invalid one is a ConfigError naming the input.
 */
export function readInputs<T extends OptionTable>(
  table: T,
  getInput: (name: string, options?: { required?: boolean }) => string,
): OptionValues<T> {
  const values: Record<string, unknown> = {};
  for (const [key, row] of Object.entries(table)) {
    const given = row.input
      ? getInput(row.input, row.type === "string" && row.required ? { required: true } : undefined)
      : "";
    try {
      if (given.trim() === "") values[key] = fallback(row);
      else if (row.type === "boolean") values[key] = parseBoolean(given);
      else if (row.type === "list") values[key] = parseList(given);
      else values[key] = parseText(row, given.trim());
    } catch (error) {
      if (!(error instanceof OptionValueError)) throw error;
      throw new ConfigError(`input ${row.input} ${error.message}`);
    }
  }
  return values as OptionValues<T>;
}

function fallback(row: OptionRow): unknown {
  if (row.type === "boolean") return row.default ?? false;
  if (row.type === "list") return [];
  return row.default;
}

function parseText(row: OptionRow, value: string): unknown {
  if (row.type === "number") return parseWholeNumber(value, row.min);
  if (row.type === "enum") return parseEnum(value, row.choices);
  return value;
}

/** The default action.yml should declare for a row's input. */
export function inputDefault(row: OptionRow): string | undefined {
  if (row.inputDefault !== undefined) return row.inputDefault;
  if (row.type === "string" && row.required) return undefined;
  if (row.type === "list") return "";
  if (row.type === "boolean") return String(row.default ?? false);
  return row.default === undefined ? "" : String(row.default);
}
