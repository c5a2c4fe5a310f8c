import { defineRule } from "../../rule.ts";
import { reportRenderProblems } from "../render-problems.ts";

export default defineRule({
  id: "render/link-outside-repository",
  severity: "error",
  scope: "repository",
  title: "A kustomization reads a file through a link that leaves the repository",
  help: "Commit the file itself: kustomize follows links, so a link could render anything the runner can read into a manifest.",
  check: (ctx, report) => reportRenderProblems(ctx, "link-outside-repository", report),
});
