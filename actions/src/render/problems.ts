/** PLACEHOLDER until the render split lands: what stopped part of a render, typed. */
import type { SourceLocation } from "../model/manifest.ts";

interface Common {
  message: string;
  at: SourceLocation;
  environment: string | null;
  resource: string | null;
}

export type RenderProblem = Common &
  (
    | { type: "yaml-parse-error" }
    | { type: "kustomize-failed" }
    | { type: "not-a-manifest" }
    | { type: "variables-invalid" }
    | { type: "path-outside-repository" }
    | { type: "path-missing" }
    | { type: "remote-base" }
    | { type: "variable-unresolved" }
    | { type: "substitute-source-missing" }
  );
