/** Render problems as validate findings, under the rule ids they have always had. */
import type { Finding } from "../model/finding.ts";
import type { RenderProblem, RenderProblemType } from "../render/index.ts";

function ruleOf(type: RenderProblemType): string {
  switch (type) {
    case "yaml-parse-error":
      return "yaml/parse-error";
    case "kustomize-failed":
      return "render/kustomize-failed";
    case "not-a-manifest":
      return "render/not-a-manifest";
    case "variables-invalid":
      return "vars/declaration-invalid";
    case "path-outside-repository":
      return "flux/path-invalid";
    case "path-missing":
      return "flux/path-missing";
    case "remote-base":
      return "flux/remote-base";
    case "variable-unresolved":
      return "flux/variable-unresolved";
    case "substitute-source-missing":
      return "flux/substitute-source-missing";
  }
}

export function renderProblemFindings(problems: readonly RenderProblem[]): Finding[] {
  return problems.map((p) => ({
    rule: ruleOf(p.type),
    severity: "error",
    message: p.message,
    file: p.at.file,
    line: p.at.line,
    environment: p.environment,
    resource: p.resource,
  }));
}
