/**
 * `edp sync` as a library: the CLI and the sync-scripts action are thin shells around
 * syncEnvironment(options, deps), which runs the stages in order:
 *   plan     read the local files and list the buckets (both started while the manifests render),
 *            then plan each pipeline: uploads, skips, deletes, phases (plan/);
 *   gate     refuse unsafe plans, wait for the bucket, check S3 → EventBridge delivery (gate/);
 *   upload   each source phase, then, once the live state equals this commit (gate/), the
 *            trigger objects (upload/);
 *   observe  the executions the trigger uploads started and, if asked, how they ended (observe/).
 * Each stage returns what it found; the first stage with an error ends the sync.
 */
import { previewGate } from "./gate/preview.ts";
import { gateBuckets } from "./gate/bucket.ts";
import { gateDelivery } from "./gate/eventbridge-delivery.ts";
import { gateLiveState } from "./gate/live-state.ts";
import { refuseUnsafePlan, rejectUnknownForcedKeys } from "./gate/refuse.ts";
import { executionsBefore, observeRuns } from "./observe/observe-runs.ts";
import { finishReport, newReport, record, replacePlan } from "./outcome.ts";
import { readLocalEarly } from "./plan/early-local.ts";
import { localStates } from "./plan/local.ts";
import { missingBucketWarnings, planSync } from "./plan/plan-sync.ts";
import { prefetchListings } from "./plan/prefetch.ts";
import { renderTargets } from "./render-targets.ts";
import { syncSettings } from "./settings.ts";
import type { SyncDeps, SyncOptions, SyncReport } from "./types.ts";
import { applyContext, uploadSourcePhases, uploadTriggerPhase } from "./upload/phases.ts";

export async function syncEnvironment(options: SyncOptions, deps: SyncDeps): Promise<SyncReport> {
  const settings = syncSettings(options, deps);
  // Listing is the longest wait of a no-op sync: send it (for the guessed bucket) before kustomize
  // starts; Git and the MD5s do not need the manifests either, so they run while it renders.
  const listings = await prefetchListings(deps.s3, options.repoRoot, options.environment, settings.stats);
  const early = readLocalEarly(options.repoRoot, settings.concurrency * 2);
  const targets = await renderTargets(options, deps.render);
  const local = localStates(targets, early, options.repoRoot, settings.concurrency);
  let plan = await planSync(deps.s3, targets, local, settings, listings);
  rejectUnknownForcedKeys(plan, settings.forceKeys);

  const report = newReport(options, targets, plan, settings.stats);
  const done = () => finishReport(report, settings);
  record(report, refuseUnsafePlan(plan, settings.maxDelete));
  record(report, { warnings: missingBucketWarnings(targets, plan) });
  if (options.planOnly) {
    const ensureEventBridge = options.ensureEventBridge ?? false;
    record(
      report,
      await previewGate({ ...deps, repoRoot: options.repoRoot, ensureEventBridge }, targets, plan),
    );
    return done();
  }
  if (report.errors.length > 0) return done();

  if (record(report, await gateBuckets(deps.s3, targets, plan, settings))) return done();
  if (!plan.bucketExists) {
    // The bucket appeared: plan again from the same local state, and check that plan too.
    plan = await planSync(deps.s3, targets, local, settings);
    replacePlan(report, plan);
    if (record(report, refuseUnsafePlan(plan, settings.maxDelete))) return done();
  }
  if (record(report, await gateDelivery(deps.s3, plan, options.ensureEventBridge ?? false))) return done();

  const apply = await applyContext(deps.s3, options, settings);
  if (record(report, await uploadSourcePhases(apply, plan))) return done();
  const triggers = plan.entries.filter((e) => e.phase === plan.triggerPhase);
  if (triggers.length === 0) return done();
  const enforce = options.waitForLiveState ?? true;
  const live = await gateLiveState(
    deps,
    targets[0]!,
    triggers,
    { repoRoot: options.repoRoot, enforce },
    settings,
  );
  if (record(report, live)) return done();

  const known = await executionsBefore(deps.sfn, triggers, live.stateMachineArns);
  const uploaded = await uploadTriggerPhase(apply, plan, triggers);
  record(report, uploaded);
  const waitRuns = options.waitRuns ?? false;
  record(
    report,
    await observeRuns(deps.sfn, triggers, uploaded.etags, live.stateMachineArns, known, waitRuns, settings),
  );
  return done();
}
