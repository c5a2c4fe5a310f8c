/**
 * `edp test-pattern`: does this event match this EventBridge pattern? Offline, with EventBridge's
 * rules, so a rule can be tried before it is merged. Exit 0 match, 1 no match, 2 invalid pattern or
 * unreadable input.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError, EXIT, UsageError, type ExitCode } from "../errors.ts";
import { formatPatternPath, parsePattern } from "../eventbridge/check.ts";
import { findJsonSyntaxError } from "../eventbridge/json-syntax.ts";
import { firstMismatch, matchesPattern } from "../eventbridge/match.ts";
import { patternLocator } from "../eventbridge/pattern-lines.ts";
import { readFlags } from "../options/table.ts";
import { TEST_PATTERN_OPTIONS, TEST_PATTERN_USAGE } from "../options/test-pattern.ts";
import type { CliIO, Command } from "./types.ts";

const NAME = "test-pattern";

interface Input {
  /** For messages: the path as given, or "<stdin>". */
  label: string;
  text: string;
}

async function readInput(file: string, flag: string, io: CliIO): Promise<Input> {
  if (file === "-") return { label: "<stdin>", text: await io.readStdin() };
  try {
    return { label: file, text: await readFile(path.resolve(io.cwd, file), "utf8") };
  } catch (error) {
    const code =
      (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new UsageError(`edp ${NAME}: cannot read --${flag} file '${file}' (${code}).`);
  }
}

function parseEvent(input: Input): Record<string, unknown> {
  const text = input.text.replace(/^\uFEFF/, "");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const where = findJsonSyntaxError(text);
    const at = where ? `:${where.line}:${where.column}` : "";
    const why = where ? `: ${where.message}` : "";
    throw new ConfigError(`edp ${NAME}: ${input.label}${at}: the event is not valid JSON${why}.`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(`edp ${NAME}: ${input.label}: an event must be a JSON object.`);
  }
  return value as Record<string, unknown>;
}

async function run(argv: string[], io: CliIO): Promise<ExitCode> {
  const { values } = readFlags(NAME, TEST_PATTERN_OPTIONS, argv);
  const { pattern: patternFile, event: eventFile } = values;
  if (patternFile === undefined || eventFile === undefined) {
    throw new UsageError(
      `edp ${NAME}: --pattern and --event are both required. Run 'edp ${NAME} --help' for usage.`,
    );
  }
  if (patternFile === "-" && eventFile === "-") {
    throw new UsageError(`edp ${NAME}: only one of --pattern and --event can read standard input ("-").`);
  }
  const patternInput = await readInput(patternFile, "pattern", io);
  const eventInput = await readInput(eventFile, "event", io);

  const { pattern, problems } = parsePattern(patternInput.text);
  if (problems.length > 0 || pattern === null) {
    const locate = patternLocator(patternInput.text);
    for (const problem of problems) {
      const where = problem.path.length > 0 ? locate(problem.path) : null;
      const prefix = where ? `${patternInput.label}:${where.line}:${where.column}` : patternInput.label;
      const field = problem.path.length > 0 ? `${formatPatternPath(problem.path)}: ` : "";
      io.stderr.write(`${prefix}: ${field}${problem.message}\n`);
    }
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    io.stderr.write(`edp ${NAME}: invalid event pattern (${count}); EventBridge would reject it.\n`);
    return EXIT.usage;
  }

  const event = parseEvent(eventInput);
  if (matchesPattern(pattern, event)) {
    io.stdout.write("match\n");
    return EXIT.ok;
  }
  const mismatch = firstMismatch(pattern, event);
  const why = mismatch ? `: ${formatPatternPath(mismatch.path)}: ${mismatch.reason}` : "";
  io.stdout.write(`no match${why}\n`);
  return EXIT.failed;
}

export const testPatternCommand: Command = {
  name: NAME,
  summary: "Test an event against an EventBridge pattern offline (exit 0 match, 1 no match, 2 invalid)",
  usage: TEST_PATTERN_USAGE,
  run,
};
