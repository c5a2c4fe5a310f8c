/** The options of `edp validate` and the validate-manifests action. */
import { REPORT_FORMATS } from "../report/index.ts";
import { usageOptions, type OptionTable, type OptionValues } from "./table.ts";

export const VALIDATE_OPTIONS = {
  repo: {
    type: "string",
    flag: "repo",
    input: "path",
    inputDefault: ".",
    value: "DIR",
    help: "repository root (default: current directory)",
  },
  environments: {
    type: "list",
    flag: "env",
    input: "environments",
    multiple: true,
    value: "NAME",
    help: "only this environment; repeat or comma-separate for several (default: all)",
  },
  // A string: selectReporter names the formats when it is not one.
  format: {
    type: "string",
    flag: "format",
    default: "text",
    value: "FORMAT",
    help: `${REPORT_FORMATS.join(" | ")} (default: text)`,
  },
  output: {
    type: "string",
    flag: "output",
    value: "FILE",
    help: "write the report to FILE instead of standard output",
  },
  changedSince: {
    type: "string",
    flag: "changed-since",
    input: "changed-since",
    value: "REF",
    help: "only environments affected by changes since the Git ref REF",
  },
  help: { type: "boolean", flag: "help", short: "h", help: "show this help" },
  sarifFile: { type: "string", input: "sarif-file" },
  comment: { type: "boolean", input: "comment", default: true },
  githubToken: { type: "string", input: "github-token", inputDefault: "${{ github.token }}" },
  failOn: { type: "enum", input: "fail-on", choices: ["error", "warning"], default: "error" },
} as const satisfies OptionTable;

export type ValidateValues = OptionValues<typeof VALIDATE_OPTIONS>;

export const VALIDATE_USAGE = `Usage: edp validate [options]

Render each environment (clusters/<env>) as Flux would and check the result: schemas, embedded
state-machine definitions and event patterns, variables, and the wiring between resources.

Options:
${usageOptions(VALIDATE_OPTIONS, 22)}

Rule levels and per-path overrides come from .edp.yaml at the repository root; a comment
\`# edp:ignore <rule-id> <reason>\` sets aside the finding on its line (docs/configuration.md).

Exit codes: 0 no error findings, 1 error findings (suppressed ones do not count), 2 usage or
internal error. See docs/report-format.md for the JSON format.`;
