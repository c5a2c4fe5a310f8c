import { defineRule } from "../../rule.ts";
import { reportRenderProblems } from "../render-problems.ts";

export default defineRule({
  id: "flux/remote-base",
  severity: "error",
  scope: "repository",
  title: "A kustomization pulls a remote base (security: code from outside the repository)",
  help: "Vendor the base into this repository; kustomize-controller runs with --no-remote-bases.",
  check: (ctx, report) => reportRenderProblems(ctx, "remote-base", report),
});
