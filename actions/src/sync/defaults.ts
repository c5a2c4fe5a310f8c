/** Defaults of `edp sync` options (a module of its own so the CLI can read them without loading the SDK). */
export const SYNC_DEFAULTS = {
  maxDelete: 10,
  waitTimeoutSeconds: 600,
  concurrency: 8,
  observeTimeoutSeconds: 60,
  pollSeconds: 5,
} as const;
