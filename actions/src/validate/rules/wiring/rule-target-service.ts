import { defineRule } from "../../rule.ts";

const ARN = /^arn:(aws[a-z-]*):([^:]*):([^:]*):([^:]*):(.*)$/;

/** Why an ARN is not a state machine's, or null when it is one. */
function notAStateMachine(arn: string): string | null {
  const m = ARN.exec(arn);
  if (!m) return "is not an ARN";
  const [, , service, , , resource] = m;
  if (service === "states") {
    return resource?.startsWith("stateMachine:")
      ? null
      : `is a Step Functions ARN but not a state machine's (${resource?.split(":")[0] || "no resource"})`;
  }
  if (service === "state" || service === "stepfunctions" || service === "sfn")
    return `names service '${service}', which does not exist: Step Functions ARNs read arn:aws:states:…`;
  return `is an ARN of service '${service}', not a Step Functions state machine`;
}

export default defineRule({
  id: "wiring/rule-target-service",
  severity: "error",
  scope: "environment",
  title: "A Rule target is not a state machine: uploads would not start the pipeline",
  help: "Point the target at the pipeline's StateMachine: arn:aws:states:<region>:<account>:stateMachine:<name> (see EventBridge PutTargets).",
  check: (ctx, report) => {
    for (const { object: rule, targets } of ctx.declared.rules) {
      for (const { index, id, arn } of targets) {
        // Unresolved ${VARIABLES} are flux/variable-unresolved's to report.
        if (arn === null || arn.includes("${")) continue;
        const why = notAStateMachine(arn);
        if (!why) continue;
        report(
          rule.locate(["spec", "targets", index, "arn"]),
          `target ${id} '${arn}' ${why}: an upload would not start the pipeline's state machine; use arn:aws:states:<region>:<account>:stateMachine:<name>`,
          rule,
        );
      }
    }
  },
});
