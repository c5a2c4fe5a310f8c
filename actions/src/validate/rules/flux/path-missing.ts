import { defineRule } from "../../rule.ts";
import { reportRenderProblems } from "../render-problems.ts";

export default defineRule({
  id: "flux/path-missing",
  severity: "error",
  scope: "repository",
  title: "A Flux Kustomization's spec.path does not exist",
  help: "Fix spec.path (relative to the repository root).",
  check: (ctx, report) => reportRenderProblems(ctx, "path-missing", report),
});
