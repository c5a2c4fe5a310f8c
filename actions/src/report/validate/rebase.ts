import { posix } from "node:path";
import type { ValidationReport } from "../../model/report.ts";

/**
 * Findings name files relative to the validated directory; GitHub (annotations, SARIF) wants them
 * relative to the workspace. `prefix` is the validated directory relative to the workspace.
 */
export function rebaseReport(report: ValidationReport, prefix: string): ValidationReport {
  const base = posix.normalize(prefix.replace(/\\/g, "/"));
  if (base === "." || base === "" || base === "./") return report;
  return {
    ...report,
    findings: report.findings.map((f) => (f.file ? { ...f, file: posix.join(base, f.file) } : f)),
  };
}
