/**
 * The report a sync returns, assembled by sync-environment.ts from what each stage returns:
 * checks, errors and warnings in the order the stages ran.
 */
import type { SyncPlan } from "./plan/plan-sync.ts";
import type { SyncSettings } from "./settings.ts";
import { performance } from "node:perf_hooks";
import type { ExecutionReport, Pipeline, ReadyCheck, SyncOptions, SyncReport, SyncStats } from "./types.ts";

/** What a stage found: an error stops the sync after that stage. */
export interface StageResult {
  checks?: readonly ReadyCheck[];
  errors?: readonly string[];
  warnings?: readonly string[];
  executions?: ExecutionReport[];
}

export function newReport(
  options: SyncOptions,
  targets: readonly Pipeline[],
  plan: SyncPlan,
  stats: SyncStats,
): SyncReport {
  const buckets = [...new Set(targets.map((t) => t.bucket))];
  return {
    environment: options.environment,
    bucket: buckets.length === 1 ? buckets[0]! : null,
    buckets,
    bucketExists: plan.bucketExists,
    mode: options.planOnly ? "plan" : "apply",
    ok: true,
    plan: plan.entries,
    phases: plan.phases,
    checks: [],
    executions: [],
    errors: [],
    warnings: [],
    stats,
  };
}

/** Adds a stage's result to the report; true when the report now has an error (stop). */
export function record(report: SyncReport, result: StageResult): boolean {
  report.checks.push(...(result.checks ?? []));
  report.errors.push(...(result.errors ?? []));
  report.warnings.push(...(result.warnings ?? []));
  if (result.executions) report.executions = result.executions;
  return report.errors.length > 0;
}

/** The plan made again (after the bucket appeared) replaces the first one. */
export function replacePlan(report: SyncReport, plan: SyncPlan): void {
  report.plan = plan.entries;
  report.bucketExists = plan.bucketExists;
}

/** Marks what did not happen, and stops the clock and the progress display. */
export function finishReport(report: SyncReport, settings: SyncSettings): SyncReport {
  for (const e of report.plan) {
    if (e.action === "skip") e.result = "skipped";
    else if (e.result === "planned" && report.mode === "apply") e.result = "not-attempted";
  }
  report.ok = report.errors.length === 0;
  settings.stats.ms = Math.round(performance.now() - settings.started);
  settings.progress.done();
  return report;
}
