/**
 * The machine-readable report (documented in docs/report-format.md, schema docs/report.schema.json).
 * Keys are written in a fixed order and findings sorted, so two runs on the same tree diff cleanly
 * except for timings. Fields outside the documented shape (hints, wiring) are left out: the
 * format is an API and grows only by adding documented fields, with `version` raised when it does.
 */
import { sortFindings, type Finding, type SuppressedFinding } from "../../model/finding.ts";
import type { ValidationReport } from "../../model/report.ts";

/** 1: the first format; 2: adds `version`, `column` and `suppressed`. */
export const JSON_REPORT_VERSION = 2;

export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  ok: boolean;
  environments: string[];
  findings: JsonFinding[];
  suppressed: JsonSuppressedFinding[];
  stats: { documents: number; renderMs: number; validateMs: number };
}

export interface JsonFinding {
  rule: string;
  severity: "error" | "warning";
  message: string;
  file: string;
  line: number | null;
  column: number | null;
  environment: string | null;
  resource: string | null;
}

export interface JsonSuppressedFinding extends JsonFinding {
  suppression: {
    kind: "inSource" | "external";
    reason: string | null;
    file: string;
    line: number | null;
  };
}

function toJsonFinding(f: Finding): JsonFinding {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.line === null ? null : (f.column ?? null),
    environment: f.environment,
    resource: f.resource,
  };
}

function toJsonSuppressed(f: SuppressedFinding): JsonSuppressedFinding {
  const { kind, reason, file, line } = f.suppression;
  return { ...toJsonFinding(f), suppression: { kind, reason, file, line } };
}

export function toJsonReport(report: ValidationReport): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    ok: report.ok,
    environments: [...report.environments],
    findings: sortFindings(report.findings).map(toJsonFinding),
    suppressed: sortFindings(report.suppressed ?? []).map(toJsonSuppressed),
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
