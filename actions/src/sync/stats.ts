/** Counters for what the sync asked of S3: every stage adds to the same object. */
import type { SyncStats } from "./types.ts";

export function emptyStats(): SyncStats {
  return { put: 0, list: 0, head: 0, delete: 0, bytes: 0, ms: 0 };
}
