/**
 * Human-readable report for terminals and CI logs: findings grouped by environment, each line
 * starting with `file:line` so editors and terminals can jump to it, and one closing summary line.
 */
import { sortFindings, type Finding } from "../../model/finding.ts";
import type { SkippedChecks, ValidationReport } from "../../model/report.ts";
import {
  countFindings,
  describeCounts,
  formatDuration,
  formatLocation,
  groupByEnvironment,
  plural,
  NOT_CHECKED,
  REPOSITORY_WIDE,
} from "./counts.ts";

export interface TextOptions {
  /** ANSI colours; the caller decides (stream is a TTY and NO_COLOR is unset). */
  color?: boolean;
}

type Paint = (code: string, text: string) => string;

export function renderText(report: ValidationReport, options: TextOptions = {}): string {
  const paint: Paint = options.color
    ? (code, text) => `\u001b[${code}m${text}\u001b[0m`
    : (_code, text) => text;
  const lines: string[] = [];
  for (const group of groupByEnvironment(report, sortFindings(report.findings))) {
    const name = group.environment ?? REPOSITORY_WIDE;
    if (group.findings.length === 0) {
      lines.push(`${paint("1", name)}: ${group.checked ? paint("32", "ok") : paint("2", NOT_CHECKED)}`);
      continue;
    }
    lines.push(`${paint("1", name)}: ${describeCounts(countFindings(group.findings))}`);
    let previousFile: string | undefined;
    for (const finding of group.findings) {
      // A blank line between files keeps one file's findings together without repeating a header.
      if (previousFile !== undefined && finding.file !== previousFile) lines.push("");
      previousFile = finding.file;
      lines.push(...renderFinding(finding, paint));
    }
    const skipped = report.skipped?.find((s) => s.environment === group.environment);
    if (skipped) lines.push(`  ${paint("2", describeSkipped(skipped))}`);
    lines.push("");
  }
  lines.push(renderSummaryLine(report, paint));
  return lines.join("\n") + "\n";
}

/** Once per environment: what a failed render left unchecked. */
export function describeSkipped(s: SkippedChecks): string {
  const what =
    s.dependents.length > 0
      ? `checks of ${s.failed.join(", ")} and of ${s.dependents.join(", ")} (which depend on it) were skipped`
      : `checks of ${s.failed.join(", ")} were skipped`;
  return `not checked: ${what}, since ${s.failed.length === 1 ? "it" : "they"} did not render; fix the error above and run again`;
}

function renderFinding(f: Finding, paint: Paint): string[] {
  const severity = f.severity === "error" ? paint("31", "error  ") : paint("33", "warning");
  // Messages often name their resource already; say it once.
  const resource = f.resource && !f.message.includes(f.resource) ? `${f.resource}: ` : "";
  const out = [
    `  ${formatLocation(f)}  ${severity}  ${paint("2", f.rule)}  ${resource}${oneLine(f.message)}`,
  ];
  if (f.hint) out.push(`    ${paint("2", `hint: ${oneLine(f.hint)}`)}`);
  return out;
}

function renderSummaryLine(report: ValidationReport, paint: Paint): string {
  const counts = countFindings(report.findings);
  const { documents, renderMs, validateMs } = report.stats;
  const suppressed = report.suppressed?.length ?? 0;
  const scope =
    `${plural(report.environments.length, "environment")}, ${plural(documents, "document")}` +
    (suppressed > 0 ? `, ${suppressed} suppressed` : "");
  const timing = `render ${formatDuration(renderMs)}, validate ${formatDuration(validateMs)}`;
  const status = report.ok
    ? paint("32", counts.warnings > 0 ? `ok with ${plural(counts.warnings, "warning")}` : "ok")
    : paint("31", `failed: ${describeCounts(counts)}`);
  return `edp validate: ${status} (${scope}; ${timing})`;
}

/** Multi-line messages would break the `file:line` prefix convention. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
