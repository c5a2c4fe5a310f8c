/**
 * Markdown pieces shared by the job summary and the pull-request comment, and the size budget both
 * live under (summary: 1 MiB per step, else GitHub drops the upload; comment: 65,536 characters).
 */
import type { Finding } from "../../model/finding.ts";
import type { ValidationReport } from "../../model/report.ts";
import {
  countFindings,
  describeCounts,
  formatLocation,
  plural,
  REPOSITORY_WIDE,
  type EnvironmentGroup,
} from "./counts.ts";

/**
 * Text for a table cell or list item: no line breaks, HTML neutralised (GitHub renders inline
 * HTML), pipes and the inline Markdown syntax escaped (links, images, emphasis, code), so text
 * from a pull request (file names, keys, suppression reasons) shows as written.
 */
export function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(/[\\`*_[\]~]/g, "\\$&")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|");
}

/** A code span inside a table cell. Backticks would end the span early; pipes still need escaping in tables. */
export function code(text: string): string {
  return (
    "`" +
    text
      .replace(/\s*\n\s*/g, " ")
      .replace(/`/g, "'")
      .replace(/\|/g, "\\|") +
    "`"
  );
}

export function severityBadge(severity: Finding["severity"]): string {
  return severity === "error" ? "❌ error" : "⚠️ warning";
}

/**
 * `file:line[:column]` as a code span; a link to the file and line at the checked commit when
 * `sourceUrl` (".../blob/<sha>") is known. The path comes from the pull request: each segment
 * is percent-encoded, parentheses too, so it cannot end the link or the table cell.
 */
export function locationCell(
  f: Pick<Finding, "file" | "line" | "column">,
  sourceUrl?: string | null,
): string {
  const text = code(formatLocation(f));
  if (!sourceUrl || !f.file) return text;
  return `[${text}](${sourceLink(sourceUrl, f.file, f.line)})`;
}

export function sourceLink(sourceUrl: string, file: string, line: number | null): string {
  const encoded = file
    .split("/")
    .map((s) =>
      encodeURIComponent(s).replace(/[()'*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join("/");
  return `${sourceUrl}/${encoded}${line === null ? "" : `#L${line}`}`;
}

/** "## ❌ edp validate: 2 errors, 1 warning" and its passing variants. */
export function statusHeading(report: ValidationReport): string {
  const counts = countFindings(report.findings);
  if (!report.ok) return `## ❌ edp validate: ${describeCounts(counts)}`;
  return counts.warnings > 0
    ? `## ✅ edp validate passed with ${plural(counts.warnings, "warning")}`
    : "## ✅ edp validate passed";
}

/** Errors and warnings per environment. */
export function countsTable(groups: readonly EnvironmentGroup[]): string {
  const rows = groups.map((g) => {
    const { errors, warnings } = countFindings(g.findings);
    const status = !g.checked ? "➖" : errors > 0 ? "❌" : warnings > 0 ? "⚠️" : "✅";
    return `| ${status} ${g.environment === null ? REPOSITORY_WIDE : cell(g.environment)} | ${errors} | ${warnings} |`;
  });
  return ["| Environment | Errors | Warnings |", "|---|---:|---:|", ...rows].join("\n");
}

/**
 * A document as a list of blocks. Fixed blocks are always kept; a row block keeps as many rows as
 * the budget allows and says how many it left out.
 */
export type Block =
  | { kind: "fixed"; text: string }
  | { kind: "rows"; header?: string; rows: string[]; omitted: (count: number) => string };

export interface FitOptions {
  limit: number;
  /** Size of a string in the unit the limit is in (UTF-8 bytes or UTF-16 units). */
  measure: (text: string) => number;
}

/** Joins blocks with blank lines, filling row blocks in order until the budget runs out. */
export function fitBlocks(blocks: readonly Block[], { limit, measure }: FitOptions): string {
  const separator = "\n\n";
  // Reserve everything that is always written, including a worst-case "omitted" note per row block.
  let reserved = 0;
  for (const block of blocks) {
    reserved += measure(separator);
    if (block.kind === "fixed") reserved += measure(block.text);
    else
      reserved += measure(block.header ?? "") + measure("\n\n") + measure(block.omitted(block.rows.length));
  }
  let budget = limit - reserved;
  // Once one table is cut, later ones are cut too, so a reader never sees a gap in the middle.
  let exhausted = false;
  const parts: string[] = [];
  for (const block of blocks) {
    if (block.kind === "fixed") {
      parts.push(block.text);
      continue;
    }
    const kept: string[] = [];
    for (const row of block.rows) {
      const size = measure(row) + measure("\n");
      if (exhausted || size > budget) {
        exhausted = true;
        break;
      }
      budget -= size;
      kept.push(row);
    }
    const omitted = block.rows.length - kept.length;
    let text = kept.length > 0 ? (block.header ? [block.header, ...kept] : kept).join("\n") : "";
    if (omitted > 0) text += (text ? "\n\n" : "") + block.omitted(omitted);
    if (text) parts.push(text);
  }
  return parts.join(separator) + "\n";
}

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8");
export const utf16Units = (text: string): number => text.length;
