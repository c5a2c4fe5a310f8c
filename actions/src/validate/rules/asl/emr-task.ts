import { defineRule } from "../../rule.ts";
import { ASL_PROBLEM_RULE, definitionProblems } from "./definition-problems.ts";

export default defineRule({
  id: "asl/emr-task",
  severity: "error",
  scope: "environment",
  title: "An emr-containers:startJobRun task is misconfigured for this environment",
  help: "Check the virtual cluster, role, release label and S3 locations the task uses.",
  check: (ctx, report) => {
    for (const { sm, problems } of definitionProblems(ctx)) {
      for (const p of problems) {
        if (ASL_PROBLEM_RULE[p.kind] !== "asl/emr-task") continue;
        report(sm.locate(["spec", "definition", ...p.path]), p.message, sm, { severity: p.severity });
      }
    }
  },
});
