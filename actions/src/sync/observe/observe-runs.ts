/**
 * Observe stage: the executions the trigger uploads started (executions.ts) and, with
 * --wait-runs, how they ended (wait-for-runs.ts).
 */
import type { SFNClient } from "@aws-sdk/client-sfn";
import type { StageResult } from "../outcome.ts";
import { waitOptions, type SyncSettings } from "../settings.ts";
import type { PlanEntry } from "../types.ts";
import { observeExecutions, snapshotExecutions, type TriggerUpload } from "./executions.ts";
import { isFailedRun, waitForRuns } from "./wait-for-runs.ts";

/** Before the trigger phase: the executions that exist already, which no upload of ours started. */
export async function executionsBefore(
  sfn: SFNClient,
  triggers: readonly PlanEntry[],
  stateMachineArns: ReadonlyMap<string, string>,
): Promise<Set<string>> {
  const starters = triggers.flatMap((e) => e.triggers).map((n) => stateMachineArns.get(n));
  return snapshotExecutions(
    sfn,
    starters.filter((a): a is string => a !== undefined),
  );
}

export async function observeRuns(
  sfn: SFNClient,
  triggers: readonly PlanEntry[],
  etags: ReadonlyMap<string, string>,
  stateMachineArns: ReadonlyMap<string, string>,
  known: ReadonlySet<string>,
  waitRuns: boolean,
  settings: SyncSettings,
): Promise<StageResult> {
  const uploaded: TriggerUpload[] = triggers
    .filter((e) => e.result === "uploaded" && e.triggers.length > 0)
    .map((e) => ({
      bucket: e.bucket,
      key: e.key,
      etag: etags.get(`${e.bucket}/${e.key}`) ?? "",
      stateMachines: e.triggers,
    }));
  if (uploaded.length === 0) return {};
  const observed = await observeExecutions(
    sfn,
    stateMachineArns,
    uploaded,
    known,
    waitOptions(settings, settings.observeMs),
  );
  const errors: string[] = [];
  const warnings: string[] = [];
  if (observed.missing.length > 0) {
    const text = `no execution seen yet for ${observed.missing.join(", ")}`;
    (waitRuns ? errors : warnings).push(text);
  }
  if (!waitRuns || observed.executions.length === 0)
    return { errors, warnings, executions: observed.executions };
  const executions = await waitForRuns(sfn, observed.executions, waitOptions(settings, settings.waitMs));
  for (const e of executions) {
    if (isFailedRun(e.status)) errors.push(`run ${e.name} (${e.key}) ended ${e.status}: ${e.url}`);
    else if (e.status !== "SUCCEEDED")
      errors.push(`run ${e.name} (${e.key}) is still ${e.status} after the wait timeout`);
  }
  return { errors, warnings, executions };
}
