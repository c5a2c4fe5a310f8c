import { defineRule } from "../../rule.ts";
import { ASL_PROBLEM_RULE, definitionProblems } from "./definition-problems.ts";

export default defineRule({
  id: "asl/invalid",
  severity: "error",
  scope: "environment",
  title: "A StateMachine's definition is not valid Amazon States Language",
  help: "Fix the state machine definition (.asl.json) at the line shown.",
  check: (ctx, report) => {
    for (const { sm, problems } of definitionProblems(ctx)) {
      for (const p of problems) {
        if (ASL_PROBLEM_RULE[p.kind] !== "asl/invalid") continue;
        report(sm.locate(["spec", "definition", ...p.path]), p.message, sm, { severity: p.severity });
      }
    }
  },
});
