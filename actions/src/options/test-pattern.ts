/** The options of `edp test-pattern`. */
import { usageOptions, type OptionTable } from "./table.ts";

export const TEST_PATTERN_OPTIONS = {
  pattern: {
    type: "string",
    flag: "pattern",
    value: "FILE",
    help: 'the event pattern (JSON); "-" reads standard input',
  },
  event: {
    type: "string",
    flag: "event",
    value: "FILE",
    help: 'the event (JSON), e.g. an S3 "Object Created" event; "-" reads standard input',
  },
  help: { type: "boolean", flag: "help", short: "h", help: "show this help" },
} as const satisfies OptionTable;

export const TEST_PATTERN_USAGE = `Usage: edp test-pattern --pattern FILE --event FILE

Tests one event against one EventBridge event pattern, offline, with EventBridge's
matching rules. The pattern is checked first: every problem is listed with its line.

Options:
${usageOptions(TEST_PATTERN_OPTIONS, 16)}

Only one of the two can be "-".
Exit codes: 0 match, 1 no match, 2 invalid pattern, unreadable input or bad flags.`;
