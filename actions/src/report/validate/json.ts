/**
 * The machine-readable report (documented in docs/report-format.md, schema docs/report.schema.json).
 * Keys are written in a fixed order and findings sorted, so two runs on the same tree diff cleanly
 * except for timings. Fields outside the documented shape (hints, columns, wiring) are left out:
 * the format is an API and grows only by adding documented fields.
 */
import { sortFindings } from "../../model/finding.ts";
import type { ValidationReport } from "../../model/report.ts";

export interface JsonReport {
  ok: boolean;
  environments: string[];
  findings: JsonFinding[];
  stats: { documents: number; renderMs: number; validateMs: number };
}

export interface JsonFinding {
  rule: string;
  severity: "error" | "warning";
  message: string;
  file: string;
  line: number | null;
  environment: string | null;
  resource: string | null;
}

export function toJsonReport(report: ValidationReport): JsonReport {
  return {
    ok: report.ok,
    environments: [...report.environments],
    findings: sortFindings(report.findings).map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      environment: f.environment,
      resource: f.resource,
    })),
    stats: {
      documents: report.stats.documents,
      // Whole milliseconds: sub-millisecond noise is not information.
      renderMs: Math.round(report.stats.renderMs),
      validateMs: Math.round(report.stats.validateMs),
    },
  };
}

export function renderJson(report: ValidationReport): string {
  return JSON.stringify(toJsonReport(report), null, 2) + "\n";
}
