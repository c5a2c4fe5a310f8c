/** Read-only versions of the gate checks, for --plan: they inform, they never fail the plan. */
import type { S3Client } from "@aws-sdk/client-s3";
import type { LiveClients } from "../aws/live-resources.ts";
import type { StageResult } from "../outcome.ts";
import type { SyncPlan } from "../plan/plan-sync.ts";
import { silentProgress, systemClock, type Pipeline, type ReadyCheck } from "../types.ts";
import { checkEventBridgeDelivery, triggerBuckets } from "./eventbridge-delivery.ts";
import { waitForLiveState } from "./live-state.ts";
import { loadPlaceholders } from "./placeholder-matcher.ts";

export async function previewGate(
  context: LiveClients & { s3: S3Client; repoRoot: string; ensureEventBridge: boolean },
  targets: readonly Pipeline[],
  plan: SyncPlan,
): Promise<StageResult> {
  const triggers = plan.entries.filter((e) => e.action === "upload" && e.trigger);
  if (triggers.length === 0 || !plan.bucketExists || targets.length === 0) return {};
  const checks: ReadyCheck[] = [];
  try {
    for (const bucket of triggerBuckets(plan)) {
      const check = await checkEventBridgeDelivery(context.s3, bucket, false);
      if (!check.ok && context.ensureEventBridge) {
        check.detail = "S3 → EventBridge delivery is off; --ensure-eventbridge will turn it on";
      }
      checks.push(check);
    }
    const ruleNames = new Set(triggers.flatMap((e) => e.rules));
    const live = await waitForLiveState({
      clock: systemClock,
      progress: silentProgress,
      timeoutMs: 0,
      pollMs: 0,
      clients: context,
      rules: targets[0]!.rules.filter((r) => ruleNames.has(r.name)),
      stateMachines: targets[0]!.stateMachines,
      placeholders: await loadPlaceholders(context.repoRoot),
      enforce: true,
    });
    if (!live.check.ok) live.check.detail = live.check.detail.replace(/^after 0 s the /, "the ");
    checks.push(live.check);
  } catch (error) {
    return { checks, warnings: [`ready checks not run: ${(error as Error).message}`] };
  }
  return { checks };
}
