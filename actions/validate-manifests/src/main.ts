/**
 * The validate-manifests action; the only file that talks to the runner (@actions/core).
 *   1. read inputs and the runner's environment into ActionOptions;
 *   2. validate the repository (the same library `edp validate` runs);
 *   3. write the JSON report, and SARIF when asked;
 *   4. annotate up to GitHub's caps, create or update the pull-request comment;
 *   5. write the job summary (with what did not fit as annotations) and the outputs;
 *   6. fail the step when findings at or above `fail-on` exist.
 */
import * as core from "@actions/core";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describeError } from "../../src/errors.ts";
import { runUrl, sourceUrl } from "../../src/options/run-url.ts";
import { readInputs } from "../../src/options/table.ts";
import { VALIDATE_OPTIONS } from "../../src/options/validate.ts";
import type { Severity } from "../../src/model/finding.ts";
import type { ValidationReport } from "../../src/model/report.ts";
import { pullRequestFromEvent, type PullRequestRef } from "../../src/github/pull-request.ts";
import { upsertStickyComment } from "../../src/github/sticky-comment.ts";
import {
  COMMENT_MARKER,
  countFindings,
  describeCounts,
  planAnnotations,
  rebaseReport,
  renderComment,
  renderJson,
  renderSarif,
  renderSummary,
  renderText,
} from "../../src/report/index.ts";
import { validateRepository } from "../../src/validate/index.ts";

export interface ActionOptions {
  workspace: string;
  /** Absolute directory validated. */
  repoRoot: string;
  /** repoRoot relative to the workspace (POSIX), prefixed to finding paths for GitHub. */
  repoPrefix: string;
  environments?: string[];
  changedSince?: string;
  /** Absolute SARIF path, when asked for. */
  sarifFile?: string;
  comment: boolean;
  token: string;
  failOn: Severity;
  reportFile: string;
  /** False when the runner gave no $GITHUB_STEP_SUMMARY (e.g. a local run). */
  writeSummary: boolean;
  pullRequest: PullRequestRef | null;
  apiUrl?: string;
  runUrl?: string;
  /** `<server>/<owner>/<repo>/blob/<sha>` for links to findings (the pull request's head commit). */
  sourceUrl?: string;
}

/** Inputs and runner environment → typed options. Invalid inputs are ConfigErrors. */
export function readOptions(env: NodeJS.ProcessEnv = process.env): ActionOptions {
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  const values = readInputs(VALIDATE_OPTIONS, core.getInput);
  const repoRoot = path.resolve(workspace, values.repo || ".");
  const url = runUrl(env);
  const pullRequest = pullRequestFromEvent({
    eventName: env.GITHUB_EVENT_NAME,
    payload: readEvent(env.GITHUB_EVENT_PATH),
    repository: env.GITHUB_REPOSITORY,
  });
  const links = sourceUrl(env, pullRequest?.headSha);
  return {
    workspace,
    repoRoot,
    repoPrefix: path.relative(workspace, repoRoot).split(path.sep).join("/") || ".",
    ...(values.environments.length > 0 ? { environments: values.environments } : {}),
    ...(values.changedSince ? { changedSince: values.changedSince } : {}),
    ...(values.sarifFile ? { sarifFile: path.resolve(workspace, values.sarifFile) } : {}),
    comment: values.comment,
    token: values.githubToken ?? "",
    failOn: values.failOn,
    reportFile: path.join(env.RUNNER_TEMP || tmpdir(), "edp-report.json"),
    writeSummary: Boolean(env.GITHUB_STEP_SUMMARY),
    pullRequest,
    ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}),
    ...(url ? { runUrl: url } : {}),
    ...(links ? { sourceUrl: links } : {}),
  };
}

export async function run(): Promise<void> {
  try {
    const options = readOptions();
    const validated = await validateRepository({
      repoRoot: options.repoRoot,
      ...(options.environments ? { environments: options.environments } : {}),
      ...(options.changedSince ? { changedSince: options.changedSince } : {}),
    });
    const report = rebaseReport(validated, options.repoPrefix);
    core.info(renderText(report));

    await writeFileWithDirs(options.reportFile, renderJson(report));
    if (options.sarifFile) await writeFileWithDirs(options.sarifFile, renderSarif(report));

    const plan = planAnnotations(report);
    for (const a of plan.annotations) {
      const properties = {
        title: a.title,
        file: a.file,
        ...(a.startLine ? { startLine: a.startLine } : {}),
        ...(a.startColumn ? { startColumn: a.startColumn } : {}),
      };
      if (a.level === "error") core.error(a.message, properties);
      else core.warning(a.message, properties);
    }

    const notes = await commentOnPullRequest(report, options);
    if (options.writeSummary) {
      await core.summary
        .addRaw(renderSummary(report, { overflow: plan.overflow, notes, sourceUrl: options.sourceUrl }))
        .write();
    }

    const counts = countFindings(report.findings);
    const failing =
      options.failOn === "warning" ? report.findings.length > 0 : counts.errors > 0 || !report.ok;
    core.setOutput("ok", String(!failing));
    core.setOutput("errors", String(counts.errors));
    core.setOutput("warnings", String(counts.warnings));
    core.setOutput("report-file", options.reportFile);
    if (failing) core.setFailed(`edp validate: ${describeCounts(counts)} (fail-on: ${options.failOn}).`);
  } catch (error) {
    core.setFailed(describeError(error).message);
  }
}

/** Creates or updates the sticky comment when this is a pull request; returns notes for the summary. */
async function commentOnPullRequest(report: ValidationReport, options: ActionOptions): Promise<string[]> {
  const pr = options.pullRequest;
  if (!pr || !options.comment) return [];
  if (!options.token) return ["No pull-request comment: the `github-token` input is empty."];
  const body = renderComment(report, {
    ...(options.runUrl ? { runUrl: options.runUrl } : {}),
    ...(pr.headSha ? { sha: pr.headSha } : {}),
    sourceUrl: options.sourceUrl,
  });
  try {
    const result = await upsertStickyComment({
      token: options.token,
      ...(options.apiUrl ? { baseUrl: options.apiUrl } : {}),
      owner: pr.owner,
      repo: pr.repo,
      issueNumber: pr.number,
      body,
      marker: COMMENT_MARKER,
    });
    if (result.status !== "forbidden") {
      core.info(`Pull-request comment ${result.status}: ${result.url}`);
      return [];
    }
    core.info(`No pull-request comment (HTTP ${result.httpStatus}): ${result.message}`);
    return [
      `No pull-request comment: GitHub answered HTTP ${result.httpStatus} (${result.message}). ` +
        "Pull requests from forks get a read-only token; elsewhere grant the job `pull-requests: write`. " +
        "The results are all in this summary.",
    ];
  } catch (error) {
    // The comment is a convenience: the annotations and summary carry the verdict.
    const { message } = describeError(error);
    core.warning(message, { title: "edp validate: pull-request comment" });
    return [`No pull-request comment: ${message}`];
  }
}

function readEvent(file: string | undefined): unknown {
  if (!file || !existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

async function writeFileWithDirs(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}
