/**
 * Findings → GitHub annotation records (the action's main.ts hands them to core.error/core.warning).
 * GitHub keeps at most 10 error and 10 warning annotations per step (50 per job) and drops the rest
 * silently, so this picks which ones to show and returns the remainder for the job summary.
 */
import { sortFindings, type Finding, type Severity } from "../../model/finding.ts";
import type { ValidationReport } from "../../model/report.ts";

export interface Annotation {
  level: Severity;
  message: string;
  title: string;
  /** Workspace-relative path. */
  file: string;
  /** Absent when the finding has no line: GitHub then shows it only in the Checks tab. */
  startLine?: number;
  /** 1-based column (the workflow command's `col`), when the line and column are known. */
  startColumn?: number;
}

export interface AnnotationPlan {
  annotations: Annotation[];
  /** Findings that did not get an annotation, in report order, for the job summary. */
  overflow: Finding[];
}

export const ANNOTATION_LIMITS: Readonly<Record<Severity, number>> = { error: 10, warning: 10 };

export function planAnnotations(
  report: ValidationReport,
  limits: Readonly<Record<Severity, number>> = ANNOTATION_LIMITS,
): AnnotationPlan {
  // The same problem in a shared base file shows up once per environment: one annotation each.
  const groups = new Map<string, Finding[]>();
  for (const f of sortFindings(report.findings)) {
    const key = [f.severity, f.rule, f.file, f.line ?? "", f.message].join("\u0000");
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  // Findings with a line first: only those appear in the pull request's "Files changed" view.
  const ordered = [...groups.values()].sort(
    (a, b) => Number(a[0]!.line === null) - Number(b[0]!.line === null),
  );
  const used: Record<Severity, number> = { error: 0, warning: 0 };
  const annotations: Annotation[] = [];
  const annotated = new Set<Finding>();
  for (const group of ordered) {
    const first = group[0]!;
    if (used[first.severity] >= limits[first.severity]) continue;
    used[first.severity]++;
    annotations.push(toAnnotation(group));
    for (const f of group) annotated.add(f);
  }
  const overflow = sortFindings(report.findings).filter((f) => !annotated.has(f));
  return { annotations, overflow };
}

function toAnnotation(group: Finding[]): Annotation {
  const first = group[0]!;
  const environments = [...new Set(group.map((f) => f.environment).filter((e): e is string => e !== null))];
  const title = environments.length > 0 ? `${first.rule} (${environments.join(", ")})` : first.rule;
  const named = first.resource && !first.message.includes(first.resource);
  const parts = [named ? `${first.resource}: ${first.message}` : first.message];
  if (first.hint) parts.push(`Hint: ${first.hint}`);
  return {
    level: first.severity,
    message: parts.join("\n"),
    title,
    file: first.file,
    ...(first.line === null ? {} : { startLine: first.line }),
    ...(first.line !== null && first.column ? { startColumn: first.column } : {}),
  };
}
