import { specOf } from "../../../model/ack.ts";
import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "wiring/rule-disabled",
  severity: "warning",
  scope: "environment",
  title: "A Rule is DISABLED: uploads start no run",
  help: "Enable it (spec.state: ENABLED) when the environment should run jobs.",
  check: (ctx, report) => {
    for (const { object: rule } of ctx.declared.rules) {
      if (specOf(rule).state !== "DISABLED") continue;
      report(
        rule.locate(["spec", "state"]),
        `Rule ${String(specOf(rule).name)} is DISABLED in ${ctx.env.name}: uploads start no run until it is enabled`,
        rule,
      );
    }
  },
});
