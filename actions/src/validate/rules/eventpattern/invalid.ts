import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "eventpattern/invalid",
  severity: "error",
  scope: "environment",
  title: "A Rule's eventPattern is not a valid EventBridge pattern",
  help: "Fix the operator or value at the line shown (see EventBridge content filtering).",
  check: (ctx, report) => {
    for (const rule of ctx.declared.rules) {
      for (const p of rule.patternProblems) {
        report(rule.object.locate(["spec", "eventPattern", ...p.path]), p.message, rule.object);
      }
    }
  },
});
