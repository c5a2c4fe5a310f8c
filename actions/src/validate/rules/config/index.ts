/** config/*: the .edp.yaml settings and the `# edp:ignore` comments themselves. */
import invalid from "./invalid.ts";
import suppressionUnknownRule from "./suppression-unknown-rule.ts";
import suppressionWithoutReason from "./suppression-without-reason.ts";
import unusedSuppression from "./unused-suppression.ts";

export const configRules = [
  invalid,
  suppressionWithoutReason,
  suppressionUnknownRule,
  unusedSuppression,
] as const;
