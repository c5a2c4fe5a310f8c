import { defineRule } from "../../rule.ts";
import { reportRenderProblems } from "../render-problems.ts";

export default defineRule({
  id: "flux/substitute-source-missing",
  severity: "error",
  scope: "repository",
  title: "postBuild.substituteFrom names a ConfigMap that nothing provides",
  help: "Create it in Git, declare its variables as provided by Terraform/ACK, or mark it optional.",
  check: (ctx, report) => reportRenderProblems(ctx, "substitute-source-missing", report),
});
