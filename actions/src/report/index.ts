/** Reporters: validate's (report/validate/) and the sync's (report/sync/). */
export {
  isReportFormat,
  selectReporter,
  REPORT_FORMATS,
  type Reporter,
  type ReporterOptions,
  type ReportFormat,
} from "./validate/formats.ts";
export {
  planAnnotations,
  ANNOTATION_LIMITS,
  type Annotation,
  type AnnotationPlan,
} from "./validate/annotations.ts";
export { renderComment, COMMENT_MARKER, COMMENT_MAX_CHARS } from "./validate/comment.ts";
export { renderSummary, SUMMARY_MAX_BYTES } from "./validate/summary.ts";
export { renderJson, toJsonReport } from "./validate/json.ts";
export { renderSarif, toSarif } from "./validate/sarif.ts";
export { renderText } from "./validate/text.ts";
export { rebaseReport } from "./validate/rebase.ts";
export { countFindings, describeCounts } from "./validate/counts.ts";
