/**
 * The sticky pull-request comment: a hidden marker (so the next run finds and edits it instead of
 * adding another), the status, counts per environment, and the findings table, cut to stay under
 * GitHub's 65,536-character comment limit.
 */
import { sortFindings } from "../../model/finding.ts";
import type { ValidationReport } from "../../model/report.ts";
import { groupByEnvironment, plural, REPOSITORY_WIDE } from "./counts.ts";
import {
  cell,
  code,
  countsTable,
  fitBlocks,
  locationCell,
  severityBadge,
  statusHeading,
  utf16Units,
  type Block,
} from "./markdown.ts";

export const COMMENT_MARKER = "<!-- edp-validate -->";
export const COMMENT_MAX_CHARS = 65_000;

export interface CommentOptions {
  /** Link to the workflow run, whose job summary has the diagrams and the full tables. */
  runUrl?: string;
  /** The commit that was checked. */
  sha?: string;
  maxChars?: number;
  /** `<server>/<owner>/<repo>/blob/<sha>`: locations link there (plain text without it). */
  sourceUrl?: string | null;
}

export function renderComment(report: ValidationReport, options: CommentOptions = {}): string {
  const findings = sortFindings(report.findings);
  const blocks: Block[] = [
    { kind: "fixed", text: `${COMMENT_MARKER}\n${statusHeading(report).replace(/^## /, "### ")}` },
    { kind: "fixed", text: countsTable(groupByEnvironment(report, findings)) },
  ];
  const suppressed = report.suppressed?.length ?? 0;
  if (suppressed > 0) {
    blocks.push({
      kind: "fixed",
      text: `_${plural(suppressed, "finding")} suppressed by <code># edp:ignore</code> comments or .edp.yaml, not counted; the workflow run's summary lists them with their reasons._`,
    });
  }
  if (findings.length > 0) {
    blocks.push({
      kind: "fixed",
      text: `<details${report.ok ? "" : " open"}><summary>${plural(findings.length, "finding")}</summary>`,
    });
    blocks.push({
      kind: "rows",
      header: "| Severity | Environment | Rule | Location | Resource | Message |\n|---|---|---|---|---|---|",
      rows: findings.map(
        (f) =>
          `| ${severityBadge(f.severity)} | ${cell(f.environment ?? REPOSITORY_WIDE)} | ${code(f.rule)} | ` +
          `${locationCell(f, options.sourceUrl)} | ${f.resource ? code(f.resource) : ""} | ${cell(f.message)} |`,
      ),
      omitted: (n) =>
        `_${plural(n, "more finding")} not shown (comment size limit); see the workflow run's summary._`,
    });
    blocks.push({ kind: "fixed", text: "</details>" });
  }
  const footer: string[] = [];
  if (options.runUrl) footer.push(`[Workflow run and wiring diagrams](${options.runUrl})`);
  if (options.sha) footer.push(`commit ${code(options.sha.slice(0, 7))}`);
  if (footer.length > 0) blocks.push({ kind: "fixed", text: `<sub>${footer.join(" · ")}</sub>` });
  return fitBlocks(blocks, { limit: options.maxChars ?? COMMENT_MAX_CHARS, measure: utf16Units });
}
