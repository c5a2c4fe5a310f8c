/** flux/*: Flux Kustomizations: paths, sources, substitution, dependencies and cycles. */
import dependencyCycle from "./dependency-cycle.ts";
import dependencyMissing from "./dependency-missing.ts";
import pathInvalid from "./path-invalid.ts";
import pathMissing from "./path-missing.ts";
import remoteBase from "./remote-base.ts";
import sourceMissing from "./source-missing.ts";
import substituteDependency from "./substitute-dependency.ts";
import substituteSourceMissing from "./substitute-source-missing.ts";
import variableUnresolved from "./variable-unresolved.ts";

export const fluxRules = [
  variableUnresolved,
  substituteSourceMissing,
  pathMissing,
  pathInvalid,
  remoteBase,
  sourceMissing,
  dependencyMissing,
  dependencyCycle,
  substituteDependency,
] as const;
