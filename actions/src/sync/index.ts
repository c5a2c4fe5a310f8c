/** `edp sync` as a library (see sync-environment.ts): the CLI and the sync-scripts action import it from here. */
export type * from "./types.ts";
export { SYNC_DEFAULTS } from "./defaults.ts";
export { syncEnvironment } from "./sync-environment.ts";
