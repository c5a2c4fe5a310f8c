/** EventBridge event patterns: check them, match events offline, build S3 events to test with. */
export {
  checkPattern,
  formatPatternPath,
  parsePattern,
  MAX_PATTERN_LENGTH,
  type EventPattern,
  type PatternPath,
  type PatternProblem,
} from "./check.ts";
export { firstMismatch, matchesPattern, type Mismatch } from "./match.ts";
export { s3ObjectCreatedEvent, type S3ObjectCreatedInput } from "./s3-event.ts";
export { patternLocator, type PathLocator, type TextPosition } from "./pattern-lines.ts";
export { findJsonSyntaxError, type JsonSyntaxError } from "./json-syntax.ts";
