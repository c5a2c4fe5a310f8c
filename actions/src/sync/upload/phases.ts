/**
 * Upload stage: each source phase in order (a failed phase stops the ones after it), then,
 * once the gate passed, the trigger phase.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { StageResult } from "../outcome.ts";
import type { SyncPlan } from "../plan/plan-sync.ts";
import type { SyncSettings } from "../settings.ts";
import { headCommit } from "../../pipeline/sources.ts";
import type { PlanEntry, SyncOptions } from "../types.ts";
import { applyPhase, type ApplyContext } from "./apply-phase.ts";
import { DEFAULT_MULTIPART_THRESHOLD } from "./upload-object.ts";

export async function applyContext(
  s3: S3Client,
  options: SyncOptions,
  settings: SyncSettings,
): Promise<ApplyContext> {
  return {
    s3,
    concurrency: settings.concurrency,
    commit: options.commit ?? (await headCommit(options.repoRoot)),
    runUrl: options.runUrl ?? null,
    sseKmsKeyId: options.sseKmsKeyId,
    multipartThresholdBytes: options.multipartThresholdBytes ?? DEFAULT_MULTIPART_THRESHOLD,
    stats: settings.stats,
    progress: settings.progress,
  };
}

export async function uploadSourcePhases(ctx: ApplyContext, plan: SyncPlan): Promise<StageResult> {
  for (let phase = 0; phase < plan.triggerPhase; phase++) {
    const entries = plan.entries.filter((e) => e.phase === phase);
    if (entries.length === 0) continue;
    const result = await applyPhase(ctx, plan.phases[phase]!, entries);
    if (result.failed > 0) {
      return {
        errors: [
          `${result.failed} object(s) of phase ${plan.phases[phase]} failed; later phases (trigger objects included) were not started`,
        ],
      };
    }
  }
  return {};
}

/** Uploads the trigger objects; returns the ETag of each uploaded key (the runs are matched by it). */
export async function uploadTriggerPhase(
  ctx: ApplyContext,
  plan: SyncPlan,
  triggers: readonly PlanEntry[],
): Promise<StageResult & { etags: Map<string, string> }> {
  const result = await applyPhase(ctx, plan.phases[plan.triggerPhase]!, triggers);
  const errors = result.failed > 0 ? [`${result.failed} trigger object(s) failed to upload`] : [];
  return { errors, etags: result.etags };
}
