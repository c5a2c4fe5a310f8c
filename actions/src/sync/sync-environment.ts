/**
 * `edp sync` as a library: the CLI and the sync-scripts action are thin shells around
 * syncEnvironment(options, deps).
 *   0. start what does not need the manifests: listing the guessed bucket, Git, MD5s;
 *   1. render the environment (the same renderer as `edp validate`) and find its pipelines;
 *   2. plan each pipeline (plan.ts): uploads, skips, deletes, phases;
 *   3. refuse unsafe plans (refused files, too many deletes) before writing anything;
 *   4. apply: wait for the bucket, check S3 → EventBridge delivery, run each source phase,
 *      wait for the live state to equal this commit, run the trigger phase;
 *   5. report the executions the trigger uploads started (and, if asked, wait for them).
 */
import { performance } from "node:perf_hooks";
import { ConfigError, UsageError } from "../errors.ts";
import { applyPhase, type ApplyContext } from "./upload/apply-phase.ts";
import { loadPlaceholders } from "./gate/placeholder-matcher.ts";
import {
  isFailedRun,
  observeExecutions,
  snapshotExecutions,
  waitForRuns,
  type TriggerUpload,
} from "./observe/executions.ts";
import { collectLocal, planPipeline, type LocalState, type PipelinePlan } from "./plan/pipeline-plan.ts";
import { prefetchListings, speculateLocal, sameSources, usablePrefetch } from "./plan/prefetch.ts";
import {
  checkEventBridgeDelivery,
  planChecks,
  waitForBucket,
  waitForLiveState,
  type WaitOptions,
} from "./gate/ready-checks.ts";
import { headCommit } from "./sources.ts";
import { emptyStats } from "./stats.ts";
import { byCodeUnits } from "./keys.ts";
import { findSyncTargets } from "./targets.ts";
import { DEFAULT_MULTIPART_THRESHOLD } from "./upload/upload-object.ts";
import {
  silentProgress,
  systemClock,
  type PipelineTarget,
  type PlanEntry,
  type RenderFn,
  type SyncDeps,
  type SyncOptions,
  type SyncReport,
} from "./types.ts";

import { SYNC_DEFAULTS } from "./defaults.ts";

export async function syncEnvironment(options: SyncOptions, deps: SyncDeps): Promise<SyncReport> {
  const started = performance.now();
  const clock = deps.clock ?? systemClock;
  const progress = deps.progress ?? silentProgress;
  const stats = emptyStats();
  const opts = {
    maxDelete: options.maxDelete ?? SYNC_DEFAULTS.maxDelete,
    concurrency: Math.max(1, options.concurrency ?? SYNC_DEFAULTS.concurrency),
    waitMs: (options.waitTimeoutSeconds ?? SYNC_DEFAULTS.waitTimeoutSeconds) * 1000,
    pollMs: (options.pollSeconds ?? SYNC_DEFAULTS.pollSeconds) * 1000,
    observeMs: (options.observeTimeoutSeconds ?? SYNC_DEFAULTS.observeTimeoutSeconds) * 1000,
  };
  const wait = (timeoutMs: number): WaitOptions => ({ clock, progress, timeoutMs, pollMs: opts.pollMs });

  // Listing is the longest wait of a no-op sync: send it (for the guessed bucket) before kustomize
  // starts; Git and the MD5s do not need the manifests either, so they run while it renders.
  const prefetched = await prefetchListings(deps.s3, options.repoRoot, options.environment, stats);
  const speculative = speculateLocal(options.repoRoot, opts.concurrency * 2);
  const targets = await renderTargets(options, deps.render);
  const localFor = async (t: PipelineTarget): Promise<LocalState> => {
    const early = await speculative(t.dir);
    // Speculation read pipeline.yaml on its own; use it only when it agrees with the target.
    if (early && sameSources(early.specs, t.sources)) return early.state;
    return collectLocal(options.repoRoot, t.dir, t.sources, opts.concurrency * 2);
  };
  const local = new Map(targets.map((t) => [t.dir, localFor(t)]));
  for (const p of local.values()) p.catch(() => undefined); // awaited (and reported) by planPipeline
  const forceKeys = new Set(options.forceKeys ?? []);
  const triggerPhase = targets.reduce((n, t) => n + t.sources.length, 0);
  const planOne = (target: PipelineTarget, phaseBase: number, fresh = false) =>
    planPipeline(
      deps.s3,
      target,
      // After the bucket appears, plan again from the same local state.
      local.get(target.dir)!,
      {
        phaseBase,
        triggerPhase,
        forceKeys,
        delete: options.delete ?? false,
        allowTriggerDelete: options.allowTriggerDelete ?? false,
        concurrency: opts.concurrency,
      },
      stats,
      fresh ? undefined : usablePrefetch(prefetched, target),
    );
  const bases = targets.map((_, i) => targets.slice(0, i).reduce((n, t) => n + t.sources.length, 0));
  let plans = await Promise.all(targets.map((t, i) => planOne(t, bases[i]!)));

  const buckets = [...new Set(targets.map((t) => t.bucket))];
  const report: SyncReport = {
    environment: options.environment,
    bucket: buckets.length === 1 ? buckets[0]! : null,
    buckets,
    bucketExists: plans.every((p) => p.bucketExists),
    mode: options.planOnly ? "plan" : "apply",
    ok: true,
    plan: [],
    phases: [...targets.flatMap((t) => t.sources.map((s) => `${t.name}/${s.dir}`)), "trigger objects"],
    checks: [],
    executions: [],
    errors: [],
    warnings: [],
    stats,
  };
  const finish = (): SyncReport => {
    for (const e of report.plan) {
      if (e.action === "skip") e.result = "skipped";
      else if (e.result === "planned" && !options.planOnly) e.result = "not-attempted";
    }
    report.ok = report.errors.length === 0;
    stats.ms = Math.round(performance.now() - started);
    progress.done();
    return report;
  };
  const setPlan = (list: PipelinePlan[]) => {
    report.plan = list.flatMap((p) => p.entries).sort(byPhaseThenKey);
    report.bucketExists = list.every((p) => p.bucketExists);
  };
  setPlan(plans);

  const unknownForced = [...forceKeys].filter((k) => !plans.some((p) => p.localKeys.has(k)));
  if (unknownForced.length > 0) {
    throw new UsageError(
      `--force-keys: no tracked file maps to ${unknownForced.map((k) => `'${k}'`).join(", ")}`,
    );
  }
  /** Plans that must not be applied: refused files, or more deletes than allowed. */
  const checkPlan = (list: PipelinePlan[]) => {
    for (const r of list.flatMap((p) => p.refused)) report.errors.push(`${r.file}: ${r.reason}`);
    const deletes = report.plan.filter((e) => e.action === "delete");
    if (deletes.length > opts.maxDelete) {
      report.errors.push(
        `the plan deletes ${deletes.length} objects, more than --max-delete ${opts.maxDelete}; nothing was changed. ` +
          "Check the plan, then raise --max-delete or delete by hand.",
      );
    }
  };
  checkPlan(plans);
  const missing = targets.filter((_, i) => !plans[i]!.bucketExists).map((t) => t.bucket);
  if (missing.length > 0)
    report.warnings.push(
      `bucket ${missing.join(", ")} does not exist yet: every file is listed as an upload`,
    );
  if (options.planOnly) {
    await planChecks(
      report,
      { ...deps, repoRoot: options.repoRoot, ensureEventBridge: options.ensureEventBridge ?? false },
      targets,
    );
    return finish();
  }
  if (report.errors.length > 0) return finish();

  // Apply. The bucket first: a new environment's bucket appears once ACK has created it.
  if (!report.bucketExists) {
    for (const target of targets.filter((_, i) => !plans[i]!.bucketExists)) {
      const check = await waitForBucket(
        deps.s3,
        target.bucket,
        target.sources[0]?.prefix ?? "",
        wait(opts.waitMs),
      );
      report.checks.push(check);
      if (!check.ok) report.errors.push(check.detail);
    }
    if (report.errors.length > 0) return finish();
    plans = await Promise.all(targets.map((t, i) => planOne(t, bases[i]!, true)));
    setPlan(plans);
    checkPlan(plans);
    if (report.errors.length > 0) return finish();
  } else {
    report.checks.push({ name: "bucket", ok: true, detail: buckets.map((b) => `${b} exists`).join(", ") });
  }

  // Delivery is checked before anything is written, so a bucket that cannot trigger fails fast.
  const triggers = report.plan.filter((e) => e.action === "upload" && e.trigger);
  for (const bucket of new Set(triggers.map((e) => e.bucket))) {
    const check = await checkEventBridgeDelivery(deps.s3, bucket, options.ensureEventBridge ?? false);
    report.checks.push(check);
    if (!check.ok) report.errors.push(check.detail);
  }
  if (report.errors.length > 0) return finish();

  const commit = options.commit ?? (await headCommit(options.repoRoot));
  const ctx: ApplyContext = {
    s3: deps.s3,
    concurrency: opts.concurrency,
    commit,
    runUrl: options.runUrl ?? null,
    sseKmsKeyId: options.sseKmsKeyId,
    multipartThresholdBytes: options.multipartThresholdBytes ?? DEFAULT_MULTIPART_THRESHOLD,
    stats,
    progress,
  };
  const phaseNames = report.phases;
  for (let phase = 0; phase < triggerPhase; phase++) {
    const entries = report.plan.filter((e) => e.phase === phase);
    if (entries.length === 0) continue;
    const result = await applyPhase(ctx, phaseNames[phase]!, entries);
    if (result.failed > 0) {
      report.errors.push(
        `${result.failed} object(s) of phase ${phaseNames[phase]} failed; later phases (trigger objects included) were not started`,
      );
      return finish();
    }
  }

  const lastPhase = report.plan.filter((e) => e.phase === triggerPhase);
  if (lastPhase.length === 0) return finish();
  const ruleNames = new Set(lastPhase.flatMap((e) => e.rules));
  const rules = targets[0]!.rules.filter((r) => ruleNames.has(r.name));
  const live = await waitForLiveState({
    ...wait(opts.waitMs),
    clients: deps,
    rules,
    stateMachines: targets[0]!.stateMachines,
    placeholders: await loadPlaceholders(options.repoRoot),
    enforce: options.waitForLiveState ?? true,
  });
  report.checks.push(live.check);
  if (!live.check.ok) {
    report.errors.push(live.check.detail);
    return finish();
  }

  const starters = lastPhase.flatMap((e) => e.triggers).map((n) => live.stateMachineArns.get(n));
  const known = await snapshotExecutions(
    deps.sfn,
    starters.filter((a): a is string => a !== undefined),
  );
  const result = await applyPhase(ctx, phaseNames[triggerPhase]!, lastPhase);
  if (result.failed > 0) report.errors.push(`${result.failed} trigger object(s) failed to upload`);

  const uploaded: TriggerUpload[] = lastPhase
    .filter((e) => e.result === "uploaded" && e.triggers.length > 0)
    .map((e) => ({
      bucket: e.bucket,
      key: e.key,
      etag: result.etags.get(`${e.bucket}/${e.key}`) ?? "",
      stateMachines: e.triggers,
    }));
  if (uploaded.length > 0) {
    const observed = await observeExecutions(
      deps.sfn,
      live.stateMachineArns,
      uploaded,
      known,
      wait(opts.observeMs),
    );
    report.executions = observed.executions;
    if (observed.missing.length > 0) {
      const text = `no execution seen yet for ${observed.missing.join(", ")}`;
      (options.waitRuns ? report.errors : report.warnings).push(text);
    }
    if (options.waitRuns && report.executions.length > 0) {
      report.executions = await waitForRuns(deps.sfn, report.executions, wait(opts.waitMs));
      for (const e of report.executions) {
        if (isFailedRun(e.status)) report.errors.push(`run ${e.name} (${e.key}) ended ${e.status}: ${e.url}`);
        else if (e.status !== "SUCCEEDED")
          report.errors.push(`run ${e.name} (${e.key}) is still ${e.status} after the wait timeout`);
      }
    }
  }
  return finish();
}

async function renderTargets(options: SyncOptions, render: RenderFn | undefined): Promise<PipelineTarget[]> {
  const renderFn = render ?? (await import("../render/index.ts")).renderEnvironments;
  const rendered = await renderFn({ repoRoot: options.repoRoot, environments: [options.environment] });
  const env = rendered.environments.find((e) => e.name === options.environment);
  if (!env) {
    const known = rendered.environments.map((e) => e.name).join(", ") || "none";
    throw new UsageError(`unknown environment '${options.environment}' (environments: ${known})`);
  }
  const blocking = rendered.findings.filter(
    (f) => f.severity === "error" && (f.environment === null || f.environment === env.name),
  );
  if (blocking.length > 0) {
    const first = blocking.slice(0, 3).map((f) => `${f.file}${f.line ? `:${f.line}` : ""}: ${f.message}`);
    throw new ConfigError(
      `environment ${env.name} does not render cleanly (${blocking.length} error(s)): ${first.join("; ")}. Run 'edp validate'.`,
    );
  }
  const targets = findSyncTargets(options.repoRoot, env.name, env.objects);
  if (targets.length === 0) {
    throw new ConfigError(
      `environment ${env.name} has no pipeline to sync: no Bucket is declared under a folder with pipeline.yaml`,
    );
  }
  return targets;
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
