/**
 * What can keep part of a repository from rendering. The renderer reports what happened;
 * deciding which check that is (and how severe) is left to the caller.
 */
import type { SourceLocation } from "../model/manifest.ts";

interface ProblemBase {
  /** Human-readable, complete: callers print it as is. */
  message: string;
  at: SourceLocation;
  /** clusters/<env> name, or null for repository-wide problems. */
  environment: string | null;
  /** "Kind/name" of the object concerned, or null. */
  resource: string | null;
}

export type RenderProblem = ProblemBase &
  /** `kustomization`: the Flux Kustomization whose build read the file, when one did. */
  (
    | { type: "yaml-parse-error"; kustomization?: string }
    | { type: "kustomize-failed"; stderr: string; kustomization: string }
    | { type: "not-a-manifest" }
    /** clusters/variables.yaml is malformed. */
    | { type: "variables-invalid" }
    | { type: "path-outside-repository"; rawPath: string; kustomization: string }
    | { type: "path-missing"; rawPath: string; kustomization: string }
    | { type: "remote-base"; entry: string; kustomization: string }
    /** A file or folder the kustomization reads is, or passes through, a link out of the repository. */
    | { type: "link-outside-repository"; entry: string; kustomization: string }
    | { type: "variable-unresolved"; variable: string; kustomization: string }
    | { type: "substitute-source-missing"; sourceKind: string; sourceName: string; kustomization: string }
  );

export type RenderProblemType = RenderProblem["type"];
