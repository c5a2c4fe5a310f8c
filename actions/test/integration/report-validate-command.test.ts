import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { main } from "../../src/cli.ts";
import { createValidateCommand, type ValidateCommandDeps } from "../../src/commands/validate.ts";
import type { CliIO } from "../../src/commands/types.ts";
import type { ValidationReport } from "../../src/model/report.ts";

const ESC = "\u001b";

function report(overrides: Partial<ValidationReport> = {}): ValidationReport {
  return {
    ok: false,
    environments: ["dev"],
    findings: [
      {
        rule: "wiring/rule-target-missing",
        severity: "error",
        message: "target state machine is not declared",
        file: "apps/taxi-trips/base/rule.yaml",
        line: 12,
        environment: "dev",
        resource: "Rule/taxi-trips-dev",
      },
    ],
    stats: { documents: 3, renderMs: 10, validateMs: 2 },
    wiring: [],
    ...overrides,
  };
}

function fakeIO(options: { tty?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  const stderr = new PassThrough();
  stdout.on("data", (d: Buffer) => out.push(d.toString()));
  stderr.on("data", (d: Buffer) => err.push(d.toString()));
  const io: CliIO = {
    stdout,
    stderr,
    readStdin: async () => "",
    cwd: options.cwd ?? "/work/repo",
    env: options.env ?? {},
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}

function fakeDeps(result: ValidationReport) {
  const calls: Parameters<ValidateCommandDeps["validateRepository"]>[0][] = [];
  const deps: ValidateCommandDeps = {
    validateRepository: async (options) => {
      calls.push(options);
      return result;
    },
  };
  return { deps, calls };
}

describe("edp validate", () => {
  it("prints the text report and exits 1 on error findings", async () => {
    const { deps, calls } = fakeDeps(report());
    const t = fakeIO();
    assert.equal(await createValidateCommand(deps).run([], t.io), 1);
    assert.match(t.stdout(), /apps\/taxi-trips\/base\/rule\.yaml:12 {2}error/);
    assert.ok(!t.stdout().includes(ESC), "no ANSI codes");
    assert.deepEqual(calls, [{ repoRoot: "/work/repo" }]);
  });

  it("exits 0 when only warnings remain", async () => {
    const warningOnly = report({ ok: true });
    warningOnly.findings = warningOnly.findings.map((f) => ({ ...f, severity: "warning" }));
    const { deps } = fakeDeps(warningOnly);
    assert.equal(await createValidateCommand(deps).run([], fakeIO().io), 0);
  });

  it("passes --repo, repeated and comma-separated --env, and --changed-since", async () => {
    const { deps, calls } = fakeDeps(report({ ok: true, findings: [] }));
    const argv = [
      "--repo",
      "../other",
      "--env",
      "dev",
      "--env",
      "prod, staging",
      "--changed-since",
      "origin/main",
    ];
    assert.equal(await createValidateCommand(deps).run(argv, fakeIO().io), 0);
    assert.deepEqual(calls, [
      { repoRoot: "/work/other", environments: ["dev", "prod", "staging"], changedSince: "origin/main" },
    ]);
  });

  it("prints JSON with --format json", async () => {
    const { deps } = fakeDeps(report());
    const t = fakeIO();
    await createValidateCommand(deps).run(["--format", "json"], t.io);
    const parsed = JSON.parse(t.stdout()) as { ok: boolean; findings: unknown[] };
    assert.equal(parsed.ok, false);
    assert.equal(parsed.findings.length, 1);
  });

  it("writes --output instead of stdout", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "edp-validate-"));
    const { deps } = fakeDeps(report());
    const t = fakeIO({ cwd: dir });
    assert.equal(
      await createValidateCommand(deps).run(["--format", "sarif", "--output", "out/edp.sarif"], t.io),
      1,
    );
    assert.equal(t.stdout(), "");
    assert.match(t.stderr(), /1 error; sarif report written to out\/edp\.sarif/);
    const sarif = JSON.parse(readFileSync(path.join(dir, "out/edp.sarif"), "utf8")) as { version: string };
    assert.equal(sarif.version, "2.1.0");
  });

  it("colours only on a TTY without NO_COLOR", async () => {
    const { deps } = fakeDeps(report());
    const tty = fakeIO({ tty: true });
    await createValidateCommand(deps).run([], tty.io);
    assert.ok(tty.stdout().includes(`${ESC}[31m`));
    const noColor = fakeIO({ tty: true, env: { NO_COLOR: "1" } });
    await createValidateCommand(deps).run([], noColor.io);
    assert.ok(!noColor.stdout().includes(ESC));
  });

  it("exits 2 on an unknown format or flag, before validating", async () => {
    const unknownFormat = fakeIO();
    assert.equal(await main(["validate", "--format", "yaml"], unknownFormat.io), 2);
    assert.match(unknownFormat.stderr(), /unknown report format 'yaml'/);
    const unknownFlag = fakeIO();
    assert.equal(await main(["validate", "--bogus"], unknownFlag.io), 2);
    assert.match(unknownFlag.stderr(), /edp validate: Unknown option '--bogus'/);
    const help = fakeIO();
    assert.equal(await main(["validate", "--help"], help.io), 0);
    assert.match(help.stdout(), /--changed-since REF/);
  });
});
