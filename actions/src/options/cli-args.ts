import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Strict flag parsing shared by every command: an unknown flag, a missing value or an
 * unexpected positional argument is a UsageError (exit 2) that names the command.
 */
export function parseCommandArgs<O extends Options>(
  command: string,
  argv: string[],
  options: O,
  { positionals = false }: { positionals?: boolean } = {},
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: positionals });
  } catch (error) {
    // Node's text spans lines and ends with a period; one line, one period.
    const text = (error instanceof Error ? error.message : String(error))
      .replace(/\. To specify a positional.*$/s, "")
      .replace(/\s*\n\s*/g, " ")
      .replace(/\.\s*$/, "");
    throw new UsageError(`edp ${command}: ${text}. Run 'edp ${command} --help' for usage.`);
  }
}
