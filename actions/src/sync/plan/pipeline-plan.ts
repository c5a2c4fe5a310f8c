/**
 * The plan for one pipeline: what to upload, skip and delete, and in which phase.
 *   1. the Git-tracked sources and their MD5s (local.ts; started while the manifests still
 *      render), while listing each prefix once;
 *   2. compare listings (and, where the ETag cannot decide, HeadObject) with the digests;
 *   3. objects under the prefixes that Git no longer has become deletes (only with --delete,
 *      only outside the trigger area unless allowed) or are listed as kept;
 *   4. phases: each source folder in pipeline.yaml order, then every trigger object last.
 */
import pLimit from "p-limit";
import { compareHead, compareListed } from "./compare.ts";
import { completeDigest } from "./hash.ts";
import { BucketMissingError, headObject, listPrefix } from "../aws/s3-objects.ts";
import type { LocalState } from "./local.ts";
import { createTriggerMatcher, underTriggerPrefix } from "../../pipeline/triggers.ts";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Pipeline, PlanEntry, RemoteObject, SyncStats } from "../types.ts";

export interface PipelinePlanOptions {
  /** Phase number of this pipeline's first source. */
  phaseBase: number;
  /** Phase number of the trigger phase (after every pipeline's sources). */
  triggerPhase: number;
  forceKeys: ReadonlySet<string>;
  delete: boolean;
  allowTriggerDelete: boolean;
  concurrency: number;
}

export interface PipelinePlan {
  entries: PlanEntry[];
  bucketExists: boolean;
  /** Files that make the sync refuse to run (unsafe keys, symlinks out of the repository). */
  refused: PlanEntry[];
  localKeys: Set<string>;
}

/** A listing started before the render; undefined when it failed (list again). */
export type Prefetched = Promise<Map<string, RemoteObject> | null | undefined>;

export async function planPipeline(
  s3: S3Client,
  target: Pipeline,
  localState: Promise<LocalState>,
  options: PipelinePlanOptions,
  stats: SyncStats,
  prefetched?: Prefetched,
): Promise<PipelinePlan> {
  const { bucket } = target;
  const limit = pLimit(Math.max(4, options.concurrency * 2));
  const listNow = () =>
    listAll(
      s3,
      bucket,
      target.sources.map((s) => s.prefix),
      stats,
    );
  const listed = prefetched ? prefetched.then((r) => (r === undefined ? listNow() : r)) : listNow();
  const matchTrigger = createTriggerMatcher(target.rules, bucket);
  const [{ sources, digests }, listing] = await Promise.all([localState, listed]);
  const bucketExists = listing !== null;
  const remote = listing ?? new Map<string, RemoteObject>();

  const base = (key: string, file: string | null): PlanEntry => ({
    pipeline: target.name,
    bucket,
    key,
    file,
    action: "skip",
    reason: "",
    triggers: [],
    trigger: false,
    phase: -1,
    size: 0,
    rules: [],
    result: "planned",
  });

  const entries: PlanEntry[] = [];
  const needHead: { entry: PlanEntry; index: number }[] = [];
  const sourceOf = new Map<PlanEntry, number>();
  sources.files.forEach((f, i) => {
    const digest = digests[i]!;
    const entry = { ...base(f.key, f.file), size: digest.size, abs: f.abs, digest };
    sourceOf.set(entry, f.source);
    const decision = compareListed(digest, remote.get(f.key), {
      forced: options.forceKeys.has(f.key),
      bucketMissing: !bucketExists,
    });
    if (decision.action === "head") needHead.push({ entry, index: i });
    else {
      entry.action = decision.action;
      entry.reason = decision.reason;
    }
    entries.push(entry);
  });

  await Promise.all(
    needHead.map(({ entry }) =>
      limit(async () => {
        const [digest, head] = await Promise.all([
          completeDigest(entry.abs!, entry.digest!),
          headObject(s3, bucket, entry.key, stats),
        ]);
        const decision = compareHead(digest, head);
        entry.action = decision.action;
        entry.reason = decision.reason;
      }),
    ),
  );
  // Only uploads need the pattern matcher (their phase, the runs they start): a no-op sync of
  // thousands of files matches none.
  for (const entry of entries) {
    if (entry.action !== "upload") continue;
    const match = matchTrigger(entry.key, entry.size);
    entry.trigger = match.trigger;
    entry.rules = match.rules.map((r) => r.name);
    entry.triggers = match.stateMachines;
    entry.phase = match.trigger ? options.triggerPhase : options.phaseBase + sourceOf.get(entry)!;
  }

  for (const ignored of sources.ignored) entries.push({ ...base("", ignored.file), reason: ignored.reason });
  const refused = sources.refused.map((r) => ({ ...base("", r.file), reason: r.reason }));
  entries.push(...refused);

  const localKeys = new Set(sources.files.map((f) => f.key));
  for (const object of remote.values()) {
    if (localKeys.has(object.key)) continue;
    const entry = { ...base(object.key, null), size: object.size };
    const trigger =
      matchTrigger(object.key, object.size).trigger || underTriggerPrefix(target.rules, bucket, object.key);
    entry.trigger = trigger;
    if (!options.delete) {
      entry.reason = "kept: not in Git (pass --delete to delete it)";
    } else if (trigger && !options.allowTriggerDelete) {
      entry.reason = "kept: not in Git, but in the trigger area (pass --allow-trigger-delete to delete it)";
    } else {
      entry.action = "delete";
      entry.reason = "not in Git";
      entry.phase = trigger
        ? options.triggerPhase
        : options.phaseBase + owningPrefix(target.sources, object.key);
    }
    entries.push(entry);
  }
  return { entries, bucketExists, refused, localKeys };
}

/** Lists each prefix once (a prefix inside another listed prefix is covered by it); null: no bucket. */
export async function listAll(s3: S3Client, bucket: string, prefixes: readonly string[], stats: SyncStats) {
  const unique = [...new Set(prefixes)];
  const roots = unique.filter((p) => !unique.some((q) => q !== p && p.startsWith(q)));
  try {
    const maps = await Promise.all(roots.map((p) => listPrefix(s3, bucket, p, stats)));
    const all = new Map<string, RemoteObject>();
    for (const m of maps) for (const [k, v] of m) all.set(k, v);
    return all;
  } catch (error) {
    if (error instanceof BucketMissingError) return null;
    throw error;
  }
}

/** The source whose prefix is the longest one the key starts with. */
function owningPrefix(sources: readonly { prefix: string }[], key: string): number {
  let best = 0;
  let bestLength = -1;
  sources.forEach((s, i) => {
    if (key.startsWith(s.prefix) && s.prefix.length > bestLength) {
      best = i;
      bestLength = s.prefix.length;
    }
  });
  return best;
}
