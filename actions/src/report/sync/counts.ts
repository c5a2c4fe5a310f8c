/** Tallies of a sync report, shared by the text report, the job summary and the action outputs. */
import type { PlanEntry, SyncReport } from "../../sync/types.ts";

export interface SyncCounts {
  /** Planned uploads (plan mode) or uploads that landed (apply mode). */
  uploaded: number;
  /** Unchanged files plus ignored and kept ones. */
  skipped: number;
  unchanged: number;
  ignored: number;
  deleted: number;
  failed: number;
  notAttempted: number;
  /** Uploads (planned or landed) that start at least one state machine. */
  triggered: number;
}

export function countSync(report: SyncReport): SyncCounts {
  const plan = report.plan;
  const landed = (e: PlanEntry) => (report.mode === "plan" ? true : e.result === "uploaded");
  const uploads = plan.filter((e) => e.action === "upload" && landed(e));
  return {
    uploaded: uploads.length,
    skipped: plan.filter((e) => e.action === "skip").length,
    unchanged: plan.filter((e) => e.action === "skip" && e.reason.startsWith("unchanged")).length,
    ignored: plan.filter((e) => e.action === "skip" && !e.reason.startsWith("unchanged")).length,
    deleted: plan.filter((e) => e.action === "delete" && (report.mode === "plan" || e.result === "deleted"))
      .length,
    failed: plan.filter((e) => e.result === "failed").length,
    notAttempted: plan.filter((e) => e.result === "not-attempted").length,
    triggered: uploads.filter((e) => e.triggers.length > 0).length,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function phaseLabel(report: SyncReport, phase: number): string {
  const name = report.phases[phase] ?? "?";
  return phase === report.phases.length - 1
    ? `phase ${phase + 1}: ${name} (after the ready checks)`
    : `phase ${phase + 1}: ${name}`;
}
