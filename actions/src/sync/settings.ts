/** What every stage of a sync shares: options with their defaults applied, the clock, progress and stats. */
import { performance } from "node:perf_hooks";
import { SYNC_DEFAULTS } from "./defaults.ts";
import { emptyStats } from "./stats.ts";
import {
  silentProgress,
  systemClock,
  type Clock,
  type ProgressSink,
  type SyncDeps,
  type SyncOptions,
  type SyncStats,
} from "./types.ts";

export interface SyncSettings {
  /** performance.now() when the sync started (stats.ms). */
  started: number;
  clock: Clock;
  progress: ProgressSink;
  /** Request counters every stage adds to. */
  stats: SyncStats;
  maxDelete: number;
  concurrency: number;
  waitMs: number;
  pollMs: number;
  observeMs: number;
  forceKeys: ReadonlySet<string>;
  delete: boolean;
  allowTriggerDelete: boolean;
}

export function syncSettings(options: SyncOptions, deps: SyncDeps): SyncSettings {
  return {
    started: performance.now(),
    clock: deps.clock ?? systemClock,
    progress: deps.progress ?? silentProgress,
    stats: emptyStats(),
    maxDelete: options.maxDelete ?? SYNC_DEFAULTS.maxDelete,
    concurrency: Math.max(1, options.concurrency ?? SYNC_DEFAULTS.concurrency),
    waitMs: (options.waitTimeoutSeconds ?? SYNC_DEFAULTS.waitTimeoutSeconds) * 1000,
    pollMs: (options.pollSeconds ?? SYNC_DEFAULTS.pollSeconds) * 1000,
    observeMs: (options.observeTimeoutSeconds ?? SYNC_DEFAULTS.observeTimeoutSeconds) * 1000,
    forceKeys: new Set(options.forceKeys ?? []),
    delete: options.delete ?? false,
    allowTriggerDelete: options.allowTriggerDelete ?? false,
  };
}

/** How a stage polls: until `timeoutMs` has passed, every `pollMs`, telling progress why it waits. */
export interface WaitOptions {
  clock: Clock;
  progress: ProgressSink;
  timeoutMs: number;
  pollMs: number;
}

export function waitOptions(settings: SyncSettings, timeoutMs: number): WaitOptions {
  return { clock: settings.clock, progress: settings.progress, timeoutMs, pollMs: settings.pollMs };
}
