import { posix } from "node:path";
import type { ValidationReport } from "../../model/report.ts";

/**
 * Findings name files relative to the validated directory; GitHub (annotations, SARIF) wants them
 * relative to the workspace. `prefix` is the validated directory relative to the workspace.
 */
export function rebaseReport(report: ValidationReport, prefix: string): ValidationReport {
  const base = posix.normalize(prefix.replace(/\\/g, "/"));
  if (base === "." || base === "" || base === "./") return report;
  const rebase = (file: string) => (file ? posix.join(base, file) : file);
  return {
    ...report,
    findings: report.findings.map((f) => ({ ...f, file: rebase(f.file) })),
    ...(report.suppressed
      ? {
          suppressed: report.suppressed.map((f) => ({
            ...f,
            file: rebase(f.file),
            suppression: { ...f.suppression, file: rebase(f.suppression.file) },
          })),
        }
      : {}),
  };
}
