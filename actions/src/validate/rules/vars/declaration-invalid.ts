import { defineRule } from "../../rule.ts";
import { reportRenderProblems } from "../render-problems.ts";

export default defineRule({
  id: "vars/declaration-invalid",
  severity: "error",
  scope: "repository",
  title: "clusters/variables.yaml is malformed",
  help: "Each variable needs description, provider (terraform | ack-field-export | git), a quoted example and, for ConfigMap providers, configMap.",
  check: (ctx, report) => reportRenderProblems(ctx, "variables-invalid", report),
});
