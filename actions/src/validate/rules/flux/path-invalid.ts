import { defineRule } from "../../rule.ts";
import { reportRenderProblems } from "../render-problems.ts";

export default defineRule({
  id: "flux/path-invalid",
  severity: "error",
  scope: "repository",
  title: "A Flux Kustomization's spec.path leaves the repository",
  help: "Use a path inside the repository.",
  check: (ctx, report) => reportRenderProblems(ctx, "path-outside-repository", report),
});
