/** The pipeline model: discovered once per rendered environment, used by validate and sync. */
export { stateMachineNameFromArn } from "./arn.ts";
export { PIPELINE_FILE, readPipelineSources } from "./config.ts";
export { declaredResources } from "./declared.ts";
export { discoverPipelines, type DiscoverOptions } from "./discover.ts";
export { createRepositoryListing, collectSources, type RepositoryListing } from "./sources.ts";
export { createTriggerMatcher, triggerPrefixes, underTriggerPrefix } from "./triggers.ts";
export { isEntryPoint, UploadsCache, type PipelineFiles, type PipelineUploads } from "./uploads.ts";
export type * from "./types.ts";
