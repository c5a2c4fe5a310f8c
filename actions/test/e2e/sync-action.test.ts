// The sync-scripts action end to end: the built dist/index.js in a child process, configured the
// way the runner does it (INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), against suite.moto.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TEST_CREDENTIALS, TEST_REGION } from "../helpers/moto.ts";
import { useMotoSuite } from "../helpers/moto-suite.ts";
import { createLive, demoNames, gitopsFiles, makeRepo } from "../helpers/sync-fixture.ts";

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../sync-scripts/dist/index.js");

const suite = useMotoSuite({ warm: true });

interface ActionRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  reportFile: string;
}

async function runAction(workspace: string, inputs: Record<string, string>): Promise<ActionRun> {
  const temp = mkdtempSync(path.join(tmpdir(), "edp-action-"));
  const outputFile = path.join(temp, "output.txt");
  const summaryFile = path.join(temp, "summary.md");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: "example/gitops",
    GITHUB_RUN_ID: "42",
    GITHUB_SERVER_URL: "https://github.com",
    RUNNER_TEMP: temp,
    AWS_ENDPOINT_URL: suite.moto.endpoint,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: TEST_REGION,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const child = spawn(process.execPath, [DIST], { cwd: workspace, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    code,
    stdout,
    outputs: parseOutputs(readFileSync(outputFile, "utf8")),
    summary: readFileSync(summaryFile, "utf8"),
    reportFile: path.join(temp, "edp-sync-report.json"),
  };
}

/** GITHUB_OUTPUT's heredoc format: name<<DELIMITER\nvalue\nDELIMITER. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const re = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) outputs[m[1]!] = m[3]!;
  return outputs;
}

describe("sync-scripts action (dist/index.js)", () => {
  test("plan-only: outputs and a job summary, nothing written", async () => {
    const names = demoNames("act-plan");
    await createLive(suite.clients, names);
    const repo = makeRepo(gitopsFiles(names));
    const r = await runAction(repo, { environment: "dev", "plan-only": "true" });
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(
      {
        uploaded: r.outputs.uploaded,
        skipped: r.outputs.skipped,
        deleted: r.outputs.deleted,
        triggered: r.outputs.triggered,
      },
      { uploaded: "6", skipped: "0", deleted: "0", triggered: "1" },
    );
    assert.match(r.summary, /^## ✅ Sync plan: dev → `s3:\/\/edp-demo-act-plan`/m);
    assert.match(
      r.summary,
      /\| phase 5: trigger objects \(after the ready checks\) \| upload \| `scripts\/job\.py` \| new \| planned \| demo-act-plan \|/,
    );
  });

  test("a sync uploads, reports its outputs, and a second run is a no-op", async () => {
    const names = demoNames("act-run");
    await createLive(suite.clients, names);
    const repo = makeRepo(gitopsFiles(names));
    const inputs = {
      environment: "dev",
      "ensure-eventbridge": "true",
      "observe-timeout": "0",
      concurrency: "4",
    };
    const r = await runAction(repo, inputs);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.outputs.uploaded, "6");
    assert.equal(r.outputs.triggered, "1");
    assert.equal(r.outputs.executions, "[]");
    assert.match(r.stdout, /^demo\/input: 2 object\(s\)$/m, "progress as log lines");
    assert.match(r.stdout, /^OK: 6 uploaded \(1 start a run\)/m);
    assert.match(r.summary, /\| Uploaded \| Skipped \| Deleted \| Triggered \|/);
    const report = JSON.parse(readFileSync(r.reportFile, "utf8")) as { ok: boolean; stats: { put: number } };
    assert.deepEqual([report.ok, report.stats.put], [true, 6]);

    const again = await runAction(repo, inputs);
    assert.equal(again.code, 0, again.stdout);
    assert.deepEqual(
      [again.outputs.uploaded, again.outputs.skipped, again.outputs.triggered],
      ["0", "6", "0"],
    );
  });

  test("a failed sync fails the step; a bad input is a clear error", async () => {
    const names = demoNames("act-fail");
    await createLive(suite.clients, names);
    const repo = makeRepo(gitopsFiles(names));
    const r = await runAction(repo, { environment: "dev" });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /::error::edp sync: S3 → EventBridge delivery is off for edp-demo-act-fail/);
    assert.match(r.summary, /^## ❌ Sync: dev/m);

    const bad = await runAction(repo, { environment: "dev", "max-delete": "lots" });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /::error::input max-delete must be a whole number ≥ 0, got "lots"\./);
  });
});
