/**
 * Reporters turn a ValidationReport into text; they never write. `selectReporter` picks one of the
 * stream formats `edp validate --format` accepts. The GitHub surfaces (annotations, job summary,
 * pull-request comment) are used by the action directly.
 */
import { UsageError } from "../../errors.ts";
import type { ValidationReport } from "../../model/report.ts";
import { renderJson } from "./json.ts";
import { renderSarif } from "./sarif.ts";
import { renderText } from "./text.ts";

export const REPORT_FORMATS = ["text", "json", "sarif"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReporterOptions {
  /** Text only: ANSI colours. */
  color?: boolean;
  /** SARIF only: tool.driver.version. */
  version?: string;
}

export type Reporter = (report: ValidationReport, options?: ReporterOptions) => string;

const REPORTERS: Record<ReportFormat, Reporter> = {
  text: (report, options) => renderText(report, { color: options?.color ?? false }),
  json: (report) => renderJson(report),
  sarif: (report, options) => renderSarif(report, options?.version ? { version: options.version } : {}),
};

export function isReportFormat(name: string): name is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(name);
}

export function selectReporter(name: string): Reporter {
  if (!isReportFormat(name)) {
    throw new UsageError(`unknown report format '${name}'. Formats: ${REPORT_FORMATS.join(", ")}.`);
  }
  return REPORTERS[name];
}
