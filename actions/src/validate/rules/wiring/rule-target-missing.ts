import { specOf } from "../../../model/ack.ts";
import { stateMachineNameFromArn } from "../../../pipeline/index.ts";
import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "wiring/rule-target-missing",
  severity: "error",
  scope: "environment",
  title: "A Rule targets a state machine that this environment does not declare",
  help: "Point the target ARN at a StateMachine of the same environment (copy spec.name with a kustomize replacement).",
  check: (ctx, report) => {
    const declared = new Set(ctx.declared.stateMachines.map((s) => String(specOf(s.object).name ?? "")));
    for (const { object: rule, targets } of ctx.declared.rules) {
      for (const { index, id, arn } of targets) {
        if (!arn?.startsWith("arn:aws") || !arn.includes(":states:")) continue;
        const name = stateMachineNameFromArn(arn);
        if (name && declared.has(name)) continue;
        report(
          rule.locate(["spec", "targets", index, "arn"]),
          `target ${id} starts state machine '${name ?? arn}', which ${ctx.env.name} does not declare (declared: ${[...declared].join(", ") || "none"}); the rule would fail every delivery`,
          rule,
        );
      }
    }
  },
});
