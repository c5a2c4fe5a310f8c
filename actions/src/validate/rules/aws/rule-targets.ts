import { defineRule } from "../../rule.ts";

/** EventBridge quota: targets per rule (not adjustable). */
const MAX_TARGETS = 5;

export default defineRule({
  id: "aws/rule-targets",
  severity: "error",
  scope: "environment",
  title:
    "A Rule has more targets than EventBridge allows, or a dead-letter queue that is not a standard SQS queue",
  help:
    "A rule may have at most 5 targets (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html); " +
    "a target's dead-letter queue must be a standard Amazon SQS queue, not FIFO and not another service " +
    "(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html). Split the rule, or point " +
    "deadLetterConfig.arn at the pipeline's SQS queue.",
  check: (ctx, report) => {
    for (const { object: rule, name, targets } of ctx.declared.rules) {
      if (targets.length > MAX_TARGETS) {
        report(
          rule.locate(["spec", "targets", MAX_TARGETS]),
          `Rule ${name} has ${targets.length} targets; EventBridge allows ${MAX_TARGETS} per rule, so ACK cannot put the rest: split it into several rules`,
          rule,
        );
      }
      const declared = rule.object.spec as { targets?: unknown } | undefined;
      const entries = Array.isArray(declared?.targets) ? declared.targets : [];
      entries.forEach((entry, index) => {
        const dlq = (entry as { deadLetterConfig?: { arn?: unknown } } | null)?.deadLetterConfig?.arn;
        if (typeof dlq !== "string" || dlq.includes("${")) return;
        const [, , service, , , resource = ""] = dlq.split(":");
        const why =
          service !== "sqs"
            ? `is not an SQS queue (service '${service ?? "none"}')`
            : resource.endsWith(".fifo")
              ? "is a FIFO queue"
              : null;
        if (!why) return;
        report(
          rule.locate(["spec", "targets", index, "deadLetterConfig", "arn"]),
          `the dead-letter queue '${dlq}' ${why}: EventBridge only sends failed deliveries to a standard SQS queue, so they would be lost; use a standard queue's ARN`,
          rule,
        );
      });
    }
  },
});
