import { defineRule } from "../../rule.ts";
import { reportRenderProblems } from "../render-problems.ts";

export default defineRule({
  id: "yaml/parse-error",
  severity: "error",
  scope: "repository",
  title: "A YAML or JSON file cannot be parsed",
  help: "Fix the syntax at the line shown: indentation with spaces, unique keys, no aliases.",
  check: (ctx, report) => reportRenderProblems(ctx, "yaml-parse-error", report),
});
