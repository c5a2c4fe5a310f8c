/**
 * `edp validate`: render every environment as Flux would, check it, print a report.
 * Exit 0 when no error-severity finding, 1 when there is one, 2 on usage or internal errors
 * (thrown as EdpError and mapped by cli.ts).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { EXIT, type ExitCode } from "../errors.ts";
import type { ValidationReport } from "../model/report.ts";
import { countFindings, describeCounts, selectReporter } from "../report/index.ts";
import { validateRepository } from "../validate/index.ts";
import { readFlags } from "../options/table.ts";
import { VALIDATE_OPTIONS, VALIDATE_USAGE } from "../options/validate.ts";
import type { CliIO, Command } from "./types.ts";

export interface ValidateCommandDeps {
  validateRepository: (options: {
    repoRoot: string;
    environments?: string[];
    changedSince?: string;
  }) => Promise<ValidationReport>;
}

export function createValidateCommand(deps: ValidateCommandDeps): Command {
  return {
    name: "validate",
    summary: "Render every environment as Flux would and check it before merge",
    usage: VALIDATE_USAGE,
    run: (argv, io) => runValidate(argv, io, deps),
  };
}

async function runValidate(argv: string[], io: CliIO, deps: ValidateCommandDeps): Promise<ExitCode> {
  const { values } = readFlags("validate", VALIDATE_OPTIONS, argv);
  if (values.help) {
    io.stdout.write(VALIDATE_USAGE + "\n");
    return EXIT.ok;
  }
  // Pick the reporter before the (slow) validation so a typo fails fast.
  const reporter = selectReporter(values.format ?? "text");
  const environments = values.environments;
  const report = await deps.validateRepository({
    repoRoot: path.resolve(io.cwd, values.repo ?? "."),
    ...(environments.length > 0 ? { environments } : {}),
    ...(values.changedSince ? { changedSince: values.changedSince } : {}),
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
