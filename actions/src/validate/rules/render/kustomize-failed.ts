import { defineRule } from "../../rule.ts";
import { reportRenderProblems } from "../render-problems.ts";

export default defineRule({
  id: "render/kustomize-failed",
  severity: "error",
  scope: "repository",
  title: "kustomize cannot build a Flux Kustomization's path",
  help: "Run `kubectl kustomize --load-restrictor LoadRestrictionsNone <path>` and fix what it reports.",
  check: (ctx, report) => {
    reportRenderProblems(ctx, "kustomize-failed", report);
    // A pipeline that cannot be discovered or listed is as unchecked as one that does not build.
    for (const p of ctx.pipelineProblems) {
      report({ file: p.file, line: null }, p.message, null, { environment: p.environment });
    }
  },
});
