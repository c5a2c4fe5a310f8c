/** Gate 1: the bucket exists (in a new environment, wait while ACK creates it). */
import type { S3Client } from "@aws-sdk/client-s3";
import { bucketExists } from "../aws/s3-objects.ts";
import type { StageResult } from "../outcome.ts";
import type { SyncPlan } from "../plan/plan-sync.ts";
import { waitOptions, type SyncSettings, type WaitOptions } from "../settings.ts";
import type { Pipeline, ReadyCheck } from "../types.ts";

/** Waits for every bucket the plan found missing; one check per bucket. */
export async function gateBuckets(
  s3: S3Client,
  targets: readonly Pipeline[],
  plan: SyncPlan,
  settings: SyncSettings,
): Promise<StageResult> {
  if (plan.bucketExists) {
    const buckets = [...new Set(targets.map((t) => t.bucket))];
    return { checks: [{ name: "bucket", ok: true, detail: buckets.map((b) => `${b} exists`).join(", ") }] };
  }
  const checks: ReadyCheck[] = [];
  for (const target of targets.filter((_, i) => !plan.pipelines[i]!.bucketExists)) {
    const probe = target.sources[0]?.prefix ?? "";
    checks.push(await waitForBucket(s3, target.bucket, probe, waitOptions(settings, settings.waitMs)));
  }
  return { checks, errors: checks.filter((c) => !c.ok).map((c) => c.detail) };
}

export async function waitForBucket(
  s3: S3Client,
  bucket: string,
  probePrefix: string,
  wait: WaitOptions,
): Promise<ReadyCheck> {
  const deadline = wait.clock.now() + wait.timeoutMs;
  for (let first = true; ; first = false) {
    if (await bucketExists(s3, bucket, probePrefix)) {
      return {
        name: "bucket",
        ok: true,
        detail: first ? `${bucket} exists` : `${bucket} exists (waited for it)`,
      };
    }
    if (wait.clock.now() >= deadline) {
      return {
        name: "bucket",
        ok: false,
        detail: `${bucket} does not exist after ${Math.round(wait.timeoutMs / 1000)} s; is the environment's infra Kustomization applied?`,
      };
    }
    wait.progress.message(`waiting for bucket ${bucket} to exist`);
    await wait.clock.sleep(wait.pollMs);
  }
}
