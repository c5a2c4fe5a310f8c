import type { Finding } from "../../model/finding.ts";
import type { ValidationReport } from "../../model/report.ts";

/** Error and warning totals, overall and per environment (null = repository-wide). */
export interface FindingCounts {
  errors: number;
  warnings: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  let errors = 0;
  for (const f of findings) if (f.severity === "error") errors++;
  return { errors, warnings: findings.length - errors };
}

/** "2 errors, 1 warning", "no findings". */
export function describeCounts({ errors, warnings }: FindingCounts): string {
  if (errors === 0 && warnings === 0) return "no findings";
  const parts: string[] = [];
  if (errors > 0) parts.push(plural(errors, "error"));
  if (warnings > 0) parts.push(plural(warnings, "warning"));
  return parts.join(", ");
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** One group per environment in the report's order, then repository-wide findings (environment null). */
export interface EnvironmentGroup {
  environment: string | null;
  findings: Finding[];
  /** False for an environment --changed-since left unrendered: nothing was checked there. */
  checked: boolean;
}

export function groupByEnvironment(
  report: ValidationReport,
  findings: readonly Finding[],
): EnvironmentGroup[] {
  const names = [...report.environments];
  // A finding may name an environment the report did not list (defensive): keep it visible.
  for (const f of findings)
    if (f.environment !== null && !names.includes(f.environment)) names.push(f.environment);
  const groups: EnvironmentGroup[] = names.map((environment) => ({
    environment,
    findings: findings.filter((f) => f.environment === environment),
    checked: !report.notRendered?.includes(environment),
  }));
  const shared = findings.filter((f) => f.environment === null);
  if (shared.length > 0) groups.push({ environment: null, findings: shared, checked: true });
  return groups;
}

export const REPOSITORY_WIDE = "repository-wide";

/** Said of an environment --changed-since did not render. */
export const NOT_CHECKED = "not checked (no change since the base affects it)";

/** "file:line[:column]", or just the file when no line is known. */
export function formatLocation(f: Pick<Finding, "file" | "line" | "column">): string {
  if (!f.file) return "(no file)";
  if (f.line === null) return f.file;
  return f.column ? `${f.file}:${f.line}:${f.column}` : `${f.file}:${f.line}`;
}

/** Milliseconds for people: "850 ms", "1.2 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
