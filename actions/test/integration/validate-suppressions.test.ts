/**
 * `.edp.yaml` and `# edp:ignore` through the CLI on a copy of the repository, rendered by the
 * real kustomize: what is suppressed does not count for the exit code but stays in the JSON and
 * SARIF reports; levels change severities before the exit code is decided; the settings file is
 * checked at its lines.
 */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { after, before, describe, it } from "node:test";
import { main } from "../../src/cli.ts";
import type { CliIO } from "../../src/commands/types.ts";
import type { JsonReport } from "../../src/report/validate/json.ts";
import type { SarifLog } from "../../src/report/validate/sarif.ts";
import { copyRepository, type RepoCopy } from "../helpers/repo-copy.ts";

const RULE = "apps/taxi-trips/base/pipeline/rule.yaml";
const PROD_NAMES = "apps/taxi-trips/overlays/prod/pipeline/names.yaml";
const REASON = "the audit account's role, until PLAT-812 moves it to Terraform";

async function edp(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  const stderr = new PassThrough();
  stdout.on("data", (d: Buffer) => out.push(d.toString()));
  stderr.on("data", (d: Buffer) => err.push(d.toString()));
  const io: CliIO = { stdout, stderr, readStdin: async () => "", cwd, env: {} };
  const code = await main(args, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("edp validate with .edp.yaml and # edp:ignore, on a copy of the repository", () => {
  let repo: RepoCopy;

  before(() => {
    repo = copyRepository();
    // A literal account ID (trap/literal-account-id, an error), suppressed on its line.
    repo.replace(
      RULE,
      "uploaded under scripts/.",
      `uploaded under scripts/ (audit role arn:aws:iam::123456789012:role/audit). # edp:ignore trap/literal-account-id ${REASON}`,
    );
    // prod's Rule starts DISABLED (wiring/rule-disabled, a warning): a comment alone on its line,
    // above the two comment lines that explain it, suppresses it on the next line of YAML.
    repo.replace(
      PROD_NAMES,
      "  # prod starts DISABLED",
      "  # edp:ignore wiring/rule-disabled prod starts paused until launch\n  # prod starts DISABLED",
    );
    // A comment for a rule that does not fire on its line: unused.
    repo.replace(
      RULE,
      "eventBusName: default",
      "eventBusName: default # edp:ignore wiring/rule-event-bus was custom",
    );
  });
  after(() => repo.remove());

  /** 1-based column of `needle` on a line of a file of the copy. */
  const columnOf = (file: string, line: number, needle: string) =>
    (repo.read(file).split("\n")[line - 1] ?? "").indexOf(needle) + 1;

  it("suppressed findings do not fail the run; an unused comment is a warning; both are in the JSON", async () => {
    const run = await edp(["validate", "--format", "json"], repo.dir);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(report.version, 2);
    assert.equal(report.ok, true);
    const line = repo.lineOf(RULE, "123456789012");
    assert.deepEqual(
      report.suppressed.map((s) => [s.rule, s.environment, s.file, s.line, s.column, s.suppression]),
      [
        [
          "trap/literal-account-id",
          null,
          RULE,
          line,
          columnOf(RULE, line, "arn:"),
          { kind: "inSource", reason: REASON, file: RULE, line },
        ],
        [
          "wiring/rule-disabled",
          "prod",
          PROD_NAMES,
          repo.lineOf(PROD_NAMES, "state: DISABLED"),
          columnOf(PROD_NAMES, repo.lineOf(PROD_NAMES, "state: DISABLED"), "state"),
          {
            kind: "inSource",
            reason: "prod starts paused until launch",
            file: PROD_NAMES,
            line: repo.lineOf(PROD_NAMES, "# edp:ignore"),
          },
        ],
      ],
    );
    const comment = repo.lineOf(RULE, "# edp:ignore wiring/rule-event-bus");
    assert.deepEqual(
      report.findings.map((f) => [f.rule, f.severity, f.file, f.line, f.column]),
      [["config/unused-suppression", "warning", RULE, comment, columnOf(RULE, comment, "#")]],
    );
  });

  it("the text report lists only what counts and says how many were suppressed", async () => {
    const run = await edp(["validate"], repo.dir);
    assert.equal(run.code, 0);
    assert.doesNotMatch(run.stdout, /trap\/literal-account-id/);
    assert.match(
      run.stdout,
      new RegExp(
        `^ {2}${RULE.replace(/\//g, "\\/")}:\\d+:\\d+ {2}warning {2}config\\/unused-suppression`,
        "m",
      ),
    );
    assert.match(
      run.stdout,
      /^edp validate: ok with 1 warning \(3 environments, \d+ documents, 2 suppressed; /m,
    );
  });

  it("SARIF keeps the suppressed result with its suppression", async () => {
    const run = await edp(["validate", "--format", "sarif"], repo.dir);
    const sarif = JSON.parse(run.stdout) as SarifLog;
    const results = sarif.runs[0]!.results;
    const suppressed = results.filter((r) => r.suppressions);
    assert.deepEqual(
      suppressed.map((r) => r.ruleId),
      ["trap/literal-account-id", "wiring/rule-disabled"],
    );
    assert.deepEqual(
      suppressed[0]!.suppressions!.map((s) => [s.kind, s.status, s.justification]),
      [["inSource", "accepted", REASON]],
    );
    assert.deepEqual(
      results.filter((r) => !r.suppressions).map((r) => r.ruleId),
      ["config/unused-suppression"],
    );
    assert.ok(
      results.every((r) => r.locations.every((l) => (l.physicalLocation.region?.startColumn ?? 1) >= 1)),
    );
  });

  it(".edp.yaml: a level raised per path fails the run; a typo is config/invalid at its line", async () => {
    repo.write(
      ".edp.yaml",
      [
        "rules:",
        "  trap/literal-acount-id: off",
        "overrides:",
        "  - files: [apps/taxi-trips/**]",
        "    rules:",
        "      config/unused-suppression: error",
        "",
      ].join("\n"),
    );
    try {
      const run = await edp(["validate", "--format", "json"], repo.dir);
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.equal(report.ok, false);
      assert.deepEqual(
        report.findings.map((f) => [f.rule, f.severity, f.file, f.line, f.column]),
        [
          ["config/invalid", "error", ".edp.yaml", 2, 3],
          [
            "config/unused-suppression",
            "error",
            RULE,
            repo.lineOf(RULE, "# edp:ignore wiring/rule-event-bus"),
            report.findings[1]?.column,
          ],
        ],
      );
      assert.match(report.findings[0]!.message, /did you mean 'trap\/literal-account-id'/);
      // Turning the rule off for the file moves its finding to the suppressed list (kind external).
      repo.write(
        ".edp.yaml",
        "overrides:\n  - files: apps/taxi-trips/base/pipeline/*.yaml\n    rules: { config/unused-suppression: off }\n",
      );
      const off = JSON.parse((await edp(["validate", "--format", "json"], repo.dir)).stdout) as JsonReport;
      assert.deepEqual(off.findings, []);
      assert.deepEqual(
        off.suppressed.map((s) => [s.rule, s.suppression.kind, s.suppression.file, s.suppression.line]),
        [
          ["trap/literal-account-id", "inSource", RULE, repo.lineOf(RULE, "123456789012")],
          ["config/unused-suppression", "external", ".edp.yaml", 3],
          ["wiring/rule-disabled", "inSource", PROD_NAMES, repo.lineOf(PROD_NAMES, "# edp:ignore")],
        ],
      );
    } finally {
      repo.write(".edp.yaml", "");
    }
  });
});
