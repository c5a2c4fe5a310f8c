/**
 * The job summary (Markdown for $GITHUB_STEP_SUMMARY): status, counts, the ready checks, the
 * executions with console links, then a table of every change (cut to stay well under
 * GitHub's 1 MiB per step; the cut says how much is left out).
 */
import { countSync, formatBytes, formatMs, phaseLabel } from "./counts.ts";
import type { SyncReport } from "../../sync/types.ts";

const MAX_ROWS = 300;

export function formatSyncSummary(report: SyncReport): string {
  const c = countSync(report);
  const out: string[] = [];
  const status = report.ok ? "✅" : "❌";
  const what = report.mode === "plan" ? "Sync plan" : "Sync";
  out.push(
    `## ${status} ${what}: ${cell(report.environment)} → ${report.buckets.map((b) => `\`s3://${b}\``).join(", ")}`,
    "",
  );
  out.push(
    "| Uploaded | Skipped | Deleted | Triggered | Failed | Not attempted | Requests | Time |",
    "|---:|---:|---:|---:|---:|---:|---|---:|",
    `| ${c.uploaded} | ${c.skipped} | ${c.deleted} | ${c.triggered} | ${c.failed} | ${c.notAttempted} | ` +
      `${report.stats.list} LIST · ${report.stats.head} HEAD · ${report.stats.put} PUT · ${report.stats.delete} DELETE · ${formatBytes(report.stats.bytes)} | ${formatMs(report.stats.ms)} |`,
    "",
  );
  for (const e of report.errors) out.push(`> **Error:** ${cell(e)}`, ">");
  for (const w of report.warnings) out.push(`> Note: ${cell(w)}`, ">");
  if (report.errors.length + report.warnings.length > 0) out.push("");
  if (report.checks.length > 0) {
    out.push("**Ready checks**", "");
    for (const check of report.checks)
      out.push(`- ${check.ok ? "✅" : "❌"} ${check.name}: ${cell(check.detail)}`);
    out.push("");
  }
  if (report.executions.length > 0) {
    out.push(
      "**Executions started by the uploads**",
      "",
      "| Object | State machine | Status | Execution |",
      "|---|---|---|---|",
    );
    for (const x of report.executions) {
      out.push(`| \`${x.key}\` | ${cell(x.stateMachine)} | ${x.status} | [${cell(x.name)}](${x.url}) |`);
    }
    out.push("");
  }
  const changes = report.plan.filter((e) => e.action !== "skip" || !e.reason.startsWith("unchanged"));
  if (changes.length > 0) {
    out.push("| Phase | Action | Key | Reason | Result | Starts |", "|---|---|---|---|---|---|");
    for (const e of changes.slice(0, MAX_ROWS)) {
      const phase = e.phase < 0 ? "" : cell(phaseLabel(report, e.phase));
      const key = e.key ? `\`${e.key}\`` : `\`${e.file ?? ""}\``;
      const result = e.error ? `${e.result}: ${cell(e.error)}` : e.result;
      out.push(
        `| ${phase} | ${e.action} | ${key} | ${cell(e.reason)} | ${result} | ${cell(e.triggers.join(", "))} |`,
      );
    }
    if (changes.length > MAX_ROWS)
      out.push("", `…and ${changes.length - MAX_ROWS} more rows (run \`edp sync --format json\` for all).`);
    out.push("");
  }
  return out.join("\n") + "\n";
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
