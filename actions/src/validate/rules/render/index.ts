/** render/*: what stops kustomize or Flux from building an environment. */
import kustomizeFailed from "./kustomize-failed.ts";
import linkOutsideRepository from "./link-outside-repository.ts";
import notAManifest from "./not-a-manifest.ts";

export const renderRules = [kustomizeFailed, notAManifest, linkOutsideRepository] as const;
