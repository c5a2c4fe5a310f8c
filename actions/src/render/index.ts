/** The renderer's public surface: environments rendered as Flux applies them, and what kept parts from rendering. */
export { CLUSTERS_DIR, listEnvironments, renderEnvironments } from "./environments.ts";
export type { RenderOptions, RenderResult } from "./environments.ts";
export type { RenderedEnvironment } from "./environment-builder.ts";
export type { VariableUse } from "./post-build.ts";
export type { RenderProblem, RenderProblemType } from "./problems.ts";
export { TERRAFORM_CONFIGMAP } from "./flux.ts";
export type { FluxKustomization } from "./flux.ts";
