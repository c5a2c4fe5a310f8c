/**
 * Ready before trigger: the checks that must pass before an object that starts a run is written.
 *   1. the bucket exists (waiting while ACK creates it in a new environment);
 *   2. S3 → EventBridge delivery is on (switched on, keeping the rest of the notification
 *      configuration, only when asked);
 *   3. the live rules and state machines equal this commit (waiting while Flux reconciles).
 */
import {
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  type NotificationConfiguration,
  type S3Client,
} from "@aws-sdk/client-s3";
import { bucketExists, remoteError } from "../aws/s3-objects.ts";
import { readLiveState, type LiveClients } from "./live-state.ts";
import { loadPlaceholders, type Placeholder } from "./placeholder-matcher.ts";
import {
  silentProgress,
  systemClock,
  type Clock,
  type DeclaredRule,
  type DeclaredStateMachine,
  type PipelineTarget,
  type ProgressSink,
  type ReadyCheck,
  type SyncReport,
} from "../types.ts";

export interface WaitOptions {
  clock: Clock;
  progress: ProgressSink;
  timeoutMs: number;
  pollMs: number;
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

export async function checkEventBridgeDelivery(
  s3: S3Client,
  bucket: string,
  ensure: boolean,
): Promise<ReadyCheck> {
  let current: NotificationConfiguration;
  try {
    const r = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    current = {
      TopicConfigurations: r.TopicConfigurations,
      QueueConfigurations: r.QueueConfigurations,
      LambdaFunctionConfigurations: r.LambdaFunctionConfigurations,
      EventBridgeConfiguration: r.EventBridgeConfiguration,
    };
  } catch (error) {
    throw remoteError(`read the notification configuration of ${bucket}`, error);
  }
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
  try {
    await s3.send(
      new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: next }),
    );
  } catch (error) {
    throw remoteError(`turn on S3 → EventBridge delivery for ${bucket}`, error);
  }
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

export interface LiveStateWait extends WaitOptions {
  clients: LiveClients;
  rules: readonly DeclaredRule[];
  stateMachines: ReadonlyMap<string, DeclaredStateMachine>;
  placeholders: readonly Placeholder[];
  /** false (--no-wait): look once for the live ARNs, never fail on differences. */
  enforce: boolean;
}

export async function waitForLiveState(
  options: LiveStateWait,
): Promise<{ check: ReadyCheck; stateMachineArns: Map<string, string> }> {
  const { clock } = options;
  const deadline = clock.now() + options.timeoutMs;
  for (;;) {
    const live = await readLiveState(
      options.clients,
      options.rules,
      options.stateMachines,
      options.placeholders,
    );
    if (!options.enforce) {
      const note = live.differences.length
        ? ` (differences not checked: ${live.differences.join("; ")})`
        : "";
      return {
        check: { name: "live-state", ok: true, detail: `skipped (--no-wait)${note}` },
        stateMachineArns: live.stateMachineArns,
      };
    }
    if (live.differences.length === 0) {
      const names = options.rules.map((r) => r.name).join(", ");
      return {
        check: {
          name: "live-state",
          ok: true,
          detail: `live rules and state machines equal this commit (${names})`,
        },
        stateMachineArns: live.stateMachineArns,
      };
    }
    if (clock.now() >= deadline) {
      return {
        check: {
          name: "live-state",
          ok: false,
          detail:
            `after ${Math.round(options.timeoutMs / 1000)} s the live state still differs from this commit: ` +
            `${live.differences.join("; ")}. Has Flux reconciled this commit? ('flux get kustomizations')`,
        },
        stateMachineArns: live.stateMachineArns,
      };
    }
    options.progress.message(`waiting for Flux: ${live.differences[0]}`);
    await clock.sleep(options.pollMs);
  }
}

/** Read-only versions of the checks, for --plan: they inform, they never fail the plan. */
export async function planChecks(
  report: SyncReport,
  context: LiveClients & { s3: S3Client; repoRoot: string; ensureEventBridge: boolean },
  targets: readonly PipelineTarget[],
): Promise<void> {
  const triggers = report.plan.filter((e) => e.action === "upload" && e.trigger);
  if (triggers.length === 0 || !report.bucketExists || targets.length === 0) return;
  const checks: ReadyCheck[] = [];
  try {
    for (const bucket of new Set(triggers.map((e) => e.bucket))) {
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
    report.warnings.push(`ready checks not run: ${(error as Error).message}`);
  }
  report.checks.push(...checks);
}
