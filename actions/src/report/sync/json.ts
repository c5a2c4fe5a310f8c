/**
 * The stable `--format json` document (docs/sync.md). Fields are only ever added:
 * {environment, bucket, buckets, bucketExists, mode, ok,
 *  plan: [{key, file, action, reason, triggers, phase, result, error?, pipeline, bucket, size}],
 *  checks: [{name, ok, detail}], executions: [...], errors, warnings,
 *  stats: {put, list, head, delete, bytes, ms}}
 */
import type { SyncReport } from "../../sync/types.ts";

export const SYNC_JSON_VERSION = 1;

export function syncReportJson(report: SyncReport): Record<string, unknown> {
  return {
    version: SYNC_JSON_VERSION,
    environment: report.environment,
    bucket: report.bucket,
    buckets: report.buckets,
    bucketExists: report.bucketExists,
    mode: report.mode,
    ok: report.ok,
    plan: report.plan.map((e) => ({
      key: e.key,
      file: e.file,
      action: e.action,
      reason: e.reason,
      triggers: e.triggers,
      phase: e.phase < 0 ? null : e.phase + 1,
      result: e.result,
      ...(e.error ? { error: e.error } : {}),
      pipeline: e.pipeline,
      bucket: e.bucket,
      size: e.size,
    })),
    phases: report.phases,
    checks: report.checks,
    executions: report.executions.map((x) => ({
      stateMachine: x.stateMachine,
      key: x.key,
      executionArn: x.executionArn,
      name: x.name,
      status: x.status,
      startDate: x.startDate,
      url: x.url,
    })),
    errors: report.errors,
    warnings: report.warnings,
    stats: report.stats,
  };
}

export function formatSyncJson(report: SyncReport): string {
  return JSON.stringify(syncReportJson(report), null, 2) + "\n";
}
