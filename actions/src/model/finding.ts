/** A finding: the repository is wrong somewhere. Findings are data; they are collected, never thrown. */
export type Severity = "error" | "warning";

export interface Finding {
  /** Stable kebab-case rule id, e.g. "wiring/rule-target-missing". Renaming one is a breaking change. */
  rule: string;
  severity: Severity;
  message: string;
  /** Repository-relative POSIX path of the source file (not the rendered stream). */
  file: string;
  /** 1-based line in `file`, or null when no line can be named. */
  line: number | null;
  /** 1-based column (UTF-16 code units) on `line`, where the source position is known; else null or absent. */
  column?: number | null;
  /** Environment name (clusters/<env>), or null for repository-wide findings. */
  environment: string | null;
  /** "<Kind>/<name>", or null. */
  resource: string | null;
  /** What to do about it, when the message alone does not say. */
  hint?: string;
}

/**
 * Why a finding does not count: SARIF 2.1.0's suppression kinds. "inSource" is an
 * `# edp:ignore` comment; "external" is .edp.yaml turning the rule off for the file.
 */
export interface Suppression {
  kind: "inSource" | "external";
  /** The comment's reason; null when it gives none (itself a warning) and for .edp.yaml. */
  reason: string | null;
  /** Where the suppression is written (repository-relative). */
  file: string;
  line: number | null;
}

/** A finding a suppression set aside: kept for the reports, not counted, never annotated. */
export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1 };

/** Deterministic order: environment, file, line, column, rule, severity, message. */
export function sortFindings<F extends Finding>(findings: readonly F[]): F[] {
  return [...findings].sort(
    (a, b) =>
      (a.environment ?? "").localeCompare(b.environment ?? "") ||
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.rule.localeCompare(b.rule) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.message.localeCompare(b.message),
  );
}
