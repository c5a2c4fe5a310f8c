/**
 * Gate 2, before anything is written: S3 → EventBridge delivery is on for every bucket that gets
 * a trigger object, so a bucket that cannot start runs fails fast. Switched on (keeping the rest
 * of the notification configuration) only when asked.
 */
import type { NotificationConfiguration, S3Client } from "@aws-sdk/client-s3";
import { readNotifications, writeNotifications } from "../aws/s3-notifications.ts";
import type { StageResult } from "../outcome.ts";
import type { SyncPlan } from "../plan/plan-sync.ts";
import type { ReadyCheck } from "../types.ts";

export async function gateDelivery(s3: S3Client, plan: SyncPlan, ensure: boolean): Promise<StageResult> {
  const checks: ReadyCheck[] = [];
  for (const bucket of triggerBuckets(plan)) checks.push(await checkEventBridgeDelivery(s3, bucket, ensure));
  return { checks, errors: checks.filter((c) => !c.ok).map((c) => c.detail) };
}

/** Buckets that get a trigger upload, in plan order. */
export function triggerBuckets(plan: SyncPlan): Set<string> {
  return new Set(plan.entries.filter((e) => e.action === "upload" && e.trigger).map((e) => e.bucket));
}

export async function checkEventBridgeDelivery(
  s3: S3Client,
  bucket: string,
  ensure: boolean,
): Promise<ReadyCheck> {
  const current = await readNotifications(s3, bucket);
  if (current.EventBridgeConfiguration)
    return { name: "eventbridge", ok: true, detail: "S3 → EventBridge delivery is on" };
  if (!ensure) {
    return {
      name: "eventbridge",
      ok: false,
      detail:
        `S3 → EventBridge delivery is off for ${bucket}, so no upload would start a run. ` +
        "Turn it on in Terraform (aws_s3_bucket_notification eventbridge = true) or pass --ensure-eventbridge.",
    };
  }
  // Put replaces the whole configuration: send back every other notification unchanged.
  const next: NotificationConfiguration = { EventBridgeConfiguration: {} };
  if (current.TopicConfigurations?.length) next.TopicConfigurations = current.TopicConfigurations;
  if (current.QueueConfigurations?.length) next.QueueConfigurations = current.QueueConfigurations;
  if (current.LambdaFunctionConfigurations?.length)
    next.LambdaFunctionConfigurations = current.LambdaFunctionConfigurations;
  await writeNotifications(s3, bucket, next);
  const kept = ["Topic", "Queue", "LambdaFunction"]
    .map(
      (k) =>
        [
          k,
          (next[`${k}Configurations` as keyof NotificationConfiguration] as unknown[] | undefined)?.length ??
            0,
        ] as const,
    )
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k.toLowerCase()}`);
  return {
    name: "eventbridge",
    ok: true,
    detail: `turned S3 → EventBridge delivery on${kept.length ? ` (kept ${kept.join(", ")} notification(s))` : ""}`,
  };
}
