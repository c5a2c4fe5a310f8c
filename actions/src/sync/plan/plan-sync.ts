/**
 * The plan of a whole environment: every pipeline planned (pipeline-plan.ts) against the same
 * phase numbering — each pipeline's sources in order, then one trigger phase — and merged into
 * one list, uploads first, by phase then key.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { byCodeUnits } from "../../pipeline/keys.ts";
import type { SyncSettings } from "../settings.ts";
import type { Pipeline, PlanEntry } from "../types.ts";
import type { LocalState } from "./local.ts";
import { planPipeline, type PipelinePlan } from "./pipeline-plan.ts";
import { usablePrefetch, type PrefetchedListing } from "./prefetch.ts";

export interface SyncPlan {
  /** By target, in the targets' order. */
  pipelines: PipelinePlan[];
  /** Every entry, sorted: uploads, deletes, skips; then by phase and key. */
  entries: PlanEntry[];
  bucketExists: boolean;
  /** Phase names by number: "<pipeline>/<folder>" in pipeline.yaml order, then "trigger objects". */
  phases: string[];
  /** Number of the last phase, which holds every trigger object. */
  triggerPhase: number;
}

export async function planSync(
  s3: S3Client,
  targets: readonly Pipeline[],
  local: ReadonlyMap<string, Promise<LocalState>>,
  settings: SyncSettings,
  /** Listings started before the render; none when planning again after the bucket appeared. */
  listings: readonly PrefetchedListing[] = [],
): Promise<SyncPlan> {
  const triggerPhase = targets.reduce((n, t) => n + t.sources.length, 0);
  const bases = targets.map((_, i) => targets.slice(0, i).reduce((n, t) => n + t.sources.length, 0));
  const pipelines = await Promise.all(
    targets.map((target, i) =>
      planPipeline(
        s3,
        target,
        local.get(target.dir)!,
        {
          phaseBase: bases[i]!,
          triggerPhase,
          forceKeys: settings.forceKeys,
          delete: settings.delete,
          allowTriggerDelete: settings.allowTriggerDelete,
          concurrency: settings.concurrency,
        },
        settings.stats,
        usablePrefetch(listings, target),
      ),
    ),
  );
  return {
    pipelines,
    entries: pipelines.flatMap((p) => p.entries).sort(byPhaseThenKey),
    bucketExists: pipelines.every((p) => p.bucketExists),
    phases: [...targets.flatMap((t) => t.sources.map((s) => `${t.name}/${s.dir}`)), "trigger objects"],
    triggerPhase,
  };
}

/** The note for buckets that do not exist yet (their files are all uploads). */
export function missingBucketWarnings(targets: readonly Pipeline[], plan: SyncPlan): string[] {
  const missing = targets.filter((_, i) => !plan.pipelines[i]!.bucketExists).map((t) => t.bucket);
  return missing.length > 0
    ? [`bucket ${missing.join(", ")} does not exist yet: every file is listed as an upload`]
    : [];
}

const ACTION_ORDER = { upload: 0, delete: 1, skip: 2 } as const;

function byPhaseThenKey(a: PlanEntry, b: PlanEntry): number {
  return (
    ACTION_ORDER[a.action] - ACTION_ORDER[b.action] ||
    a.phase - b.phase ||
    byCodeUnits(a.key, b.key) ||
    byCodeUnits(a.file ?? "", b.file ?? "")
  );
}
