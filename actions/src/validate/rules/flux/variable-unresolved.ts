import { defineRule } from "../../rule.ts";
import { reportRenderProblems } from "../render-problems.ts";

export default defineRule({
  id: "flux/variable-unresolved",
  severity: "error",
  scope: "repository",
  title: "A ${VARIABLE} has no value in the Kustomization that applies it (strict substitution)",
  help: "Provide it through postBuild.substitute/substituteFrom or give a default.",
  check: (ctx, report) => reportRenderProblems(ctx, "variable-unresolved", report),
});
