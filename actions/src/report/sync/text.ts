/**
 * The human report: uploads and deletes by phase (trigger objects last, with the state
 * machines they start), skips summarised by reason with every non-routine skip listed,
 * the ready checks, the executions, then errors and one summary line.
 */
import { countSync, formatBytes, formatMs, phaseLabel } from "./counts.ts";
import type { PlanEntry, SyncReport } from "../../sync/types.ts";

const MARK: Record<PlanEntry["result"], string> = {
  planned: " ",
  uploaded: "✓",
  deleted: "✓",
  skipped: " ",
  failed: "✗",
  "not-attempted": "·",
};

export function formatSyncText(report: SyncReport): string {
  const lines: string[] = [];
  const where = report.buckets.map((b) => `s3://${b}`).join(", ");
  lines.push(`${report.mode === "plan" ? "Plan" : "Sync"} for ${report.environment} → ${where}`);
  for (const w of report.warnings) lines.push(`  note: ${w}`);

  const changes = report.plan.filter((e) => e.action !== "skip");
  const phases = [...new Set(changes.map((e) => e.phase))].sort((a, b) => a - b);
  for (const phase of phases) {
    lines.push("", `${phaseLabel(report, phase)}`);
    for (const e of changes.filter((x) => x.phase === phase)) lines.push(entryLine(e));
  }
  if (changes.length === 0) lines.push("", "Nothing to upload or delete.");

  const skips = report.plan.filter((e) => e.action === "skip");
  if (skips.length > 0) {
    const unchanged = skips.filter((e) => e.reason.startsWith("unchanged"));
    const byReason = new Map<string, number>();
    for (const e of unchanged) byReason.set(e.reason, (byReason.get(e.reason) ?? 0) + 1);
    const summary = [...byReason]
      .map(([reason, n]) => `${n} by ${reason.replace(/^unchanged \((.*)\)$/, "$1")}`)
      .join(", ");
    lines.push("", `Skipped: ${unchanged.length} unchanged${summary ? ` (${summary})` : ""}`);
    for (const e of skips.filter((x) => !x.reason.startsWith("unchanged"))) {
      lines.push(`  - ${e.key || e.file}${e.key && e.file ? ` (${e.file})` : ""}: ${e.reason}`);
    }
  }

  if (report.checks.length > 0) {
    lines.push("", "Ready checks:");
    for (const c of report.checks) lines.push(`  ${c.ok ? "✓" : "✗"} ${c.name}: ${c.detail}`);
  }
  if (report.executions.length > 0) {
    lines.push("", "Executions started by the uploads:");
    for (const x of report.executions) lines.push(`  ${x.key} → ${x.stateMachine}: ${x.status} ${x.url}`);
  }
  if (report.errors.length > 0) {
    lines.push("", report.mode === "plan" ? "Problems (the plan cannot be applied):" : "Failed:");
    for (const e of report.errors) lines.push(`  ✗ ${e}`);
    const notDone = report.plan.filter((e) => e.result === "failed" || e.result === "not-attempted");
    if (report.mode === "apply" && notDone.length > 0) {
      lines.push(
        `  Not uploaded or deleted: ${notDone.length} (marked ✗ failed, · not attempted above). Re-run to converge.`,
      );
    }
  }
  lines.push("", summaryLine(report));
  return lines.join("\n") + "\n";
}

function entryLine(e: PlanEntry): string {
  const sign = e.action === "delete" ? "-" : "+";
  const file = e.file && e.file !== e.key ? `  ${e.file}` : "";
  const starts = e.triggers.length > 0 ? `  → starts ${e.triggers.join(", ")}` : "";
  const error = e.error ? `  ERROR ${e.error}` : "";
  return `  ${MARK[e.result]} ${sign} ${e.key}  (${e.reason})${starts}${file}${error}`;
}

export function summaryLine(report: SyncReport): string {
  const c = countSync(report);
  const s = report.stats;
  const verb = report.mode === "plan" ? "to upload" : "uploaded";
  const parts = [
    `${c.uploaded} ${verb}${c.triggered ? ` (${c.triggered} start a run)` : ""}`,
    `${c.unchanged} unchanged`,
    `${c.deleted} ${report.mode === "plan" ? "to delete" : "deleted"}`,
  ];
  if (c.ignored) parts.push(`${c.ignored} ignored or kept`);
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.notAttempted) parts.push(`${c.notAttempted} not attempted`);
  const requests = `${s.list} LIST, ${s.head} HEAD, ${s.put} PUT, ${s.delete} DELETE, ${formatBytes(s.bytes)} in ${formatMs(s.ms)}`;
  return `${report.ok ? "OK" : "FAILED"}: ${parts.join(", ")} · ${requests}`;
}
