/**
 * The job summary (Markdown, written by the action to $GITHUB_STEP_SUMMARY):
 *   1. a status line and per-environment counts;
 *   2. per environment, a findings table and a Mermaid diagram of its wiring;
 *   3. findings GitHub had no room to annotate inline;
 *   4. notes from the action (e.g. why no pull-request comment was posted).
 * Tables are cut to keep the whole under GitHub's 1 MiB per-step limit.
 */
import { sortFindings, type Finding, type SuppressedFinding } from "../../model/finding.ts";
import type { ValidationReport } from "../../model/report.ts";
import {
  countFindings,
  describeCounts,
  formatDuration,
  groupByEnvironment,
  NOT_CHECKED,
  plural,
  REPOSITORY_WIDE,
} from "./counts.ts";
import {
  cell,
  code,
  countsTable,
  fitBlocks,
  locationCell,
  severityBadge,
  statusHeading,
  utf8Bytes,
  type Block,
} from "./markdown.ts";
import { MAX_DIAGRAM_CHARS, renderWiringDiagram } from "./mermaid.ts";

export interface SummaryOptions {
  /** Findings without an inline annotation (from planAnnotations). */
  overflow?: readonly Finding[];
  /** Extra lines for the end, e.g. "the pull-request comment could not be posted". */
  notes?: readonly string[];
  /** Byte budget; defaults to a margin under GitHub's 1 MiB. */
  maxBytes?: number;
  /** `<server>/<owner>/<repo>/blob/<sha>`: locations link there (plain text without it). */
  sourceUrl?: string | null;
}

export const SUMMARY_MAX_BYTES = 1024 * 1024 - 16 * 1024;

export function renderSummary(report: ValidationReport, options: SummaryOptions = {}): string {
  const findings = sortFindings(report.findings);
  const where = (f: Pick<Finding, "file" | "line" | "column">) => locationCell(f, options.sourceUrl);
  const blocks: Block[] = [
    { kind: "fixed", text: statusHeading(report) },
    { kind: "fixed", text: scopeLine(report) },
  ];
  const groups = groupByEnvironment(report, findings);
  blocks.push({ kind: "fixed", text: countsTable(groups) });

  for (const group of groups) {
    const name = group.environment ?? REPOSITORY_WIDE;
    const counts = countFindings(group.findings);
    blocks.push({
      kind: "fixed",
      text: `### ${group.environment === null ? "Repository-wide" : cell(name)}: ${group.checked ? describeCounts(counts) : NOT_CHECKED}`,
    });
    if (group.findings.length > 0) {
      blocks.push({
        kind: "rows",
        header: "| Severity | Rule | Location | Resource | Message |\n|---|---|---|---|---|",
        rows: group.findings.map(
          (f) =>
            `| ${severityBadge(f.severity)} | ${code(f.rule)} | ${where(f)} | ${f.resource ? code(f.resource) : ""} | ${cell(f.message)} |`,
        ),
        omitted: (n) =>
          `_${plural(n, "more finding")} in ${cell(name)} not shown (summary size limit); see the JSON report._`,
      });
    }
    const wiring = report.wiring.find((w) => w.environment === group.environment);
    if (wiring) blocks.push({ kind: "fixed", text: diagramBlock(wiring) });
  }

  const suppressed = sortFindings(report.suppressed ?? []);
  if (suppressed.length > 0) {
    blocks.push({
      kind: "rows",
      header:
        `### Suppressed\n\n<details><summary>${plural(suppressed.length, "finding")} set aside by ` +
        "<code># edp:ignore</code> comments or .edp.yaml (not counted)</summary>\n",
      rows: suppressed.map((f) => suppressedRow(f, where)),
      omitted: (n) => `_${plural(n, "more suppressed finding")} not shown (summary size limit)._`,
    });
    blocks.push({ kind: "fixed", text: "</details>" });
  }

  const overflow = options.overflow ?? [];
  if (overflow.length > 0) {
    blocks.push({
      kind: "fixed",
      text:
        `### Not annotated inline\n\nGitHub shows at most 10 error and 10 warning annotations per step; ` +
        `${plural(overflow.length, "finding")} had no room and ${overflow.length === 1 ? "is" : "are"} listed here.`,
    });
    blocks.push({
      kind: "rows",
      rows: overflow.map(
        (f) =>
          `- ${severityBadge(f.severity)} ${where(f)} ${code(f.rule)}` +
          `${f.environment ? ` (${cell(f.environment)})` : ""}: ${cell(f.message)}`,
      ),
      omitted: (n) => `_${plural(n, "more finding")} not shown (summary size limit)._`,
    });
  }
  for (const note of options.notes ?? [])
    blocks.push({ kind: "fixed", text: `> ${note.replace(/\n/g, "\n> ")}` });

  return fitBlocks(blocks, { limit: options.maxBytes ?? SUMMARY_MAX_BYTES, measure: utf8Bytes });
}

function scopeLine(report: ValidationReport): string {
  const { documents, renderMs, validateMs } = report.stats;
  const names = report.environments.map((e) => code(e)).join(", ");
  const suppressed = report.suppressed?.length ?? 0;
  return (
    `${plural(report.environments.length, "environment")}${names ? ` (${names})` : ""} · ` +
    `${plural(documents, "document")}${suppressed > 0 ? ` · ${suppressed} suppressed` : ""} · ` +
    `render ${formatDuration(renderMs)} · validate ${formatDuration(validateMs)}`
  );
}

/** One suppressed finding, and what set it aside (with the reason the comment gives). */
function suppressedRow(
  f: SuppressedFinding,
  where: (at: Pick<Finding, "file" | "line" | "column">) => string,
): string {
  const s = f.suppression;
  const by =
    s.kind === "inSource"
      ? `\`# edp:ignore\` at ${where({ file: s.file, line: s.line })}: ${s.reason ? cell(s.reason) : "_no reason given_"}`
      : `turned off at ${where({ file: s.file, line: s.line })}`;
  return (
    `- ${severityBadge(f.severity)} ${where(f)} ${code(f.rule)}` +
    `${f.environment ? ` (${cell(f.environment)})` : ""}: ${cell(f.message)} — ${by}`
  );
}

function diagramBlock(wiring: Parameters<typeof renderWiringDiagram>[0]): string {
  const diagram = renderWiringDiagram(wiring);
  if (diagram === null)
    return "_No pipeline resources (Bucket, Rule, StateMachine, VirtualCluster) in this environment._";
  if (diagram.length > MAX_DIAGRAM_CHARS) return "_Wiring diagram left out: too large for GitHub to render._";
  return "**Wiring**\n\n```mermaid\n" + diagram + "\n```";
}
