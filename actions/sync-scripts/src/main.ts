/**
 * The sync-scripts action; the only file that talks to the runner (@actions/core).
 *   1. read inputs into SyncOptions (invalid ones are configuration errors);
 *   2. run the same library `edp sync` runs, with progress as periodic log lines;
 *   3. log the text report, write the JSON report and the job summary;
 *   4. set the outputs, and fail the step when the sync did not complete.
 */
import * as core from "@actions/core";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describeError } from "../../src/errors.ts";
import { SYNC_OPTIONS, syncOptions } from "../../src/options/sync.ts";
import { readInputs as readOptionInputs } from "../../src/options/table.ts";
import { createAwsClients, destroyClients } from "../../src/sync/aws/clients.ts";
import { countSync } from "../../src/report/sync/counts.ts";
import { syncEnvironment } from "../../src/sync/index.ts";
import { lineProgress } from "../../src/report/sync/progress.ts";
import { formatSyncJson, syncReportJson } from "../../src/report/sync/json.ts";
import { formatSyncText } from "../../src/report/sync/text.ts";
import { formatSyncSummary } from "../../src/report/sync/summary.ts";
import { systemClock, type SyncOptions } from "../../src/sync/types.ts";

export interface ActionInputs {
  options: SyncOptions;
  endpoint?: string;
  reportFile: string;
}

export function readInputs(env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  const values = readOptionInputs(SYNC_OPTIONS, core.getInput);
  const repoRoot = path.resolve(workspace, values.repo || ".");
  return {
    options: syncOptions(values, repoRoot, values.environment ?? "", env),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    reportFile: path.join(env.RUNNER_TEMP || tmpdir(), "edp-sync-report.json"),
  };
}

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const clients = createAwsClients({
      endpoint: inputs.endpoint,
      env: process.env,
      maxSockets: Math.max(50, (inputs.options.concurrency ?? 8) * 2),
    });
    try {
      const report = await syncEnvironment(inputs.options, {
        ...clients,
        progress: lineProgress((line) => core.info(line), systemClock),
      });
      core.info(formatSyncText(report));
      await mkdir(path.dirname(inputs.reportFile), { recursive: true });
      await writeFile(inputs.reportFile, formatSyncJson(report));
      if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(formatSyncSummary(report)).write();

      const counts = countSync(report);
      core.setOutput("uploaded", String(counts.uploaded));
      core.setOutput("skipped", String(counts.skipped));
      core.setOutput("deleted", String(counts.deleted));
      core.setOutput("triggered", String(counts.triggered));
      core.setOutput("executions", JSON.stringify(syncReportJson(report).executions));
      core.setOutput("report-file", inputs.reportFile);
      for (const w of report.warnings) core.warning(w, { title: "edp sync" });
      if (!report.ok) core.setFailed(`edp sync: ${report.errors.join(" ")}`);
    } finally {
      destroyClients(clients);
    }
  } catch (error) {
    core.setFailed(describeError(error).message);
  }
}
