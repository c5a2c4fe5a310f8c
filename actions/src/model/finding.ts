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

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1 };

/** Deterministic order: environment, file, line, rule, message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.environment ?? "").localeCompare(b.environment ?? "") ||
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.rule.localeCompare(b.rule) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.message.localeCompare(b.message),
  );
}
