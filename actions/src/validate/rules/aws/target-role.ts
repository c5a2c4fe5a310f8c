import { defineRule } from "../../rule.ts";

/** Services EventBridge invokes with a role you give it, not through a resource-based policy. */
const NEEDS_ROLE: Readonly<Record<string, string>> = {
  states: "a Step Functions state machine",
  kinesis: "a Kinesis stream",
  firehose: "a Firehose stream",
  ecs: "an ECS task",
  batch: "a Batch job queue",
};

export default defineRule({
  id: "aws/target-role",
  severity: "error",
  scope: "environment",
  title: "A Rule target that EventBridge can only invoke with a role has no roleARN",
  help:
    "EventBridge starts a state machine (and Kinesis, Firehose, ECS and Batch targets) by assuming the " +
    "target's IAM role; without spec.targets[].roleARN the target is refused or every delivery fails. " +
    "Give the target the role Terraform creates for it (states:StartExecution on that state machine). " +
    "See https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html",
  check: (ctx, report) => {
    for (const { object: rule, targets } of ctx.declared.rules) {
      const declared = rule.object.spec as { targets?: unknown } | undefined;
      const entries = Array.isArray(declared?.targets) ? declared.targets : [];
      for (const { index, id, arn } of targets) {
        const service = arn?.split(":")[2];
        const what = service ? NEEDS_ROLE[service] : undefined;
        if (!what) continue;
        const entry = entries[index] as { roleARN?: unknown } | undefined;
        if (typeof entry?.roleARN === "string" && entry.roleARN.trim() !== "") continue;
        report(
          rule.locate(["spec", "targets", index]),
          `target ${id} is ${what} but has no roleARN: EventBridge cannot invoke it, so no upload starts a run; set spec.targets[${index}].roleARN to the role that may call it`,
          rule,
        );
      }
    }
  },
});
