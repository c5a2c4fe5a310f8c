import { defineRule } from "../../rule.ts";
import { reportRenderProblems } from "../render-problems.ts";

export default defineRule({
  id: "render/not-a-manifest",
  severity: "error",
  scope: "repository",
  title: "A file Flux would apply has no apiVersion/kind",
  help: "Move non-Kubernetes YAML out of the directory, or add a kustomization.yaml listing the manifests.",
  check: (ctx, report) => reportRenderProblems(ctx, "not-a-manifest", report),
});
