/**
 * `edp validate`: render every environment as Flux would, check it, print a report.
 * Exit 0 when no error-severity finding, 1 when there is one, 2 on usage or internal errors
 * (thrown as EdpError and mapped by cli.ts).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { EXIT, type ExitCode } from "../errors.ts";
import type { ValidationReport } from "../model/report.ts";
import { countFindings, describeCounts, REPORT_FORMATS, selectReporter } from "../report/index.ts";
import { validateRepository } from "../validate/index.ts";
import { parseCommandArgs } from "./args.ts";
import type { CliIO, Command } from "./types.ts";

export interface ValidateDeps {
  validateRepository: (options: {
    repoRoot: string;
    environments?: string[];
    changedSince?: string;
  }) => Promise<ValidationReport>;
}

const USAGE = `Usage: edp validate [options]

Render each environment (clusters/<env>) as Flux would and check the result: schemas, embedded
state-machine definitions and event patterns, variables, and the wiring between resources.

Options:
  --repo DIR            repository root (default: current directory)
  --env NAME            only this environment; repeat or comma-separate for several (default: all)
  --format FORMAT       ${REPORT_FORMATS.join(" | ")} (default: text)
  --output FILE         write the report to FILE instead of standard output
  --changed-since REF   only environments affected by changes since the Git ref REF
  -h, --help            show this help

Exit codes: 0 no error findings, 1 error findings, 2 usage or internal error.
See docs/report-format.md for the JSON format.`;

export function createValidateCommand(deps: ValidateDeps): Command {
  return {
    name: "validate",
    summary: "Render every environment as Flux would and check it before merge",
    usage: USAGE,
    run: (argv, io) => runValidate(argv, io, deps),
  };
}

async function runValidate(argv: string[], io: CliIO, deps: ValidateDeps): Promise<ExitCode> {
  const { values } = parseCommandArgs("validate", argv, {
    repo: { type: "string" },
    env: { type: "string", multiple: true },
    format: { type: "string", default: "text" },
    output: { type: "string" },
    "changed-since": { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout.write(USAGE + "\n");
    return EXIT.ok;
  }
  // Pick the reporter before the (slow) validation so a typo fails fast.
  const reporter = selectReporter(values.format ?? "text");
  const environments = (values.env ?? [])
    .flatMap((e) => e.split(","))
    .map((e) => e.trim())
    .filter(Boolean);
  const report = await deps.validateRepository({
    repoRoot: path.resolve(io.cwd, values.repo ?? "."),
    ...(environments.length > 0 ? { environments } : {}),
    ...(values["changed-since"] ? { changedSince: values["changed-since"] } : {}),
  });

  const counts = countFindings(report.findings);
  if (values.output) {
    const file = path.resolve(io.cwd, values.output);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, reporter(report, { color: false }));
    io.stderr.write(
      `edp validate: ${describeCounts(counts)}; ${values.format} report written to ${values.output}\n`,
    );
  } else {
    const color = Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
    io.stdout.write(reporter(report, { color }));
  }
  return !report.ok || counts.errors > 0 ? EXIT.failed : EXIT.ok;
}

export const validateCommand: Command = createValidateCommand({ validateRepository });
