// Ready before trigger: bucket, S3 → EventBridge delivery, and the live state equal to this commit.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateBucketCommand,
  GetBucketNotificationConfigurationCommand,
  HeadObjectCommand,
  PutBucketNotificationConfigurationCommand,
} from "@aws-sdk/client-s3";
import { PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { useMotoSuite } from "../helpers/moto-suite.ts";
import {
  ACCOUNT,
  createLive,
  demoFiles,
  demoNames,
  demoObjects,
  fakeClock,
  LIVE_DEFINITION,
  makeRepo,
  renderStub,
  updateDefinition,
  type DemoNames,
} from "../helpers/sync-fixture.ts";
import { syncEnvironment } from "../../src/sync/index.ts";
import type { Clock, SyncOptions, SyncReport } from "../../src/sync/types.ts";

const suite = useMotoSuite({ proxy: {}, warm: true });

const OLD_DEFINITION = LIVE_DEFINITION.replace('"Comment":"demo"', '"Comment":"the previous commit"');

function sync(
  names: DemoNames,
  options: Partial<SyncOptions> = {},
  clock: Clock = fakeClock(),
): Promise<SyncReport> {
  const repo = makeRepo(demoFiles());
  return syncEnvironment(
    {
      repoRoot: repo,
      environment: "dev",
      observeTimeoutSeconds: 0,
      pollSeconds: 5,
      waitTimeoutSeconds: 60,
      ...options,
    },
    { ...suite.clients, clock, render: renderStub(demoObjects(names)) },
  );
}

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await suite.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

const check = (report: SyncReport, name: string) => report.checks.find((c) => c.name === name);

describe("S3 → EventBridge delivery", () => {
  test("--ensure-eventbridge turns it on and keeps the other notifications", async () => {
    const names = demoNames("eb-on");
    await createLive(suite.clients, names);
    const queue = {
      Id: "audit",
      QueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:audit`,
      Events: ["s3:ObjectRemoved:*" as const],
    };
    await suite.clients.s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: names.bucket,
        NotificationConfiguration: { QueueConfigurations: [queue] },
      }),
    );
    suite.proxy.resetCounts();
    const report = await sync(names, { ensureEventBridge: true });
    assert.equal(report.ok, true, report.errors.join("\n"));
    assert.equal(suite.proxy.counts().PUT_NOTIFICATION, 1);
    assert.equal(
      check(report, "eventbridge")?.detail,
      "turned S3 → EventBridge delivery on (kept 1 queue notification(s))",
    );
    const now = await suite.clients.s3.send(
      new GetBucketNotificationConfigurationCommand({ Bucket: names.bucket }),
    );
    assert.deepEqual(
      now.QueueConfigurations?.map((q) => [q.Id, q.QueueArn, q.Events]),
      [[queue.Id, queue.QueueArn, queue.Events]],
    );
  });

  test("without --ensure-eventbridge, delivery that is off fails the sync before anything is written", async () => {
    const names = demoNames("eb-off");
    await createLive(suite.clients, names);
    suite.proxy.resetCounts();
    const report = await sync(names);
    assert.equal(report.ok, false);
    assert.match(
      report.errors[0] ?? "",
      /S3 → EventBridge delivery is off for edp-demo-eb-off, so no upload would start a run/,
    );
    assert.equal(suite.proxy.counts().PUT ?? 0, 0);
    assert.equal(suite.proxy.counts().PUT_NOTIFICATION ?? 0, 0);
    assert.ok(report.plan.filter((e) => e.action === "upload").every((e) => e.result === "not-attempted"));
  });

  test("delivery that is already on (as AWS reports it) needs no write", async () => {
    const names = demoNames("eb-already");
    await createLive(suite.clients, names);
    // suite.moto 5.2 never returns EventBridgeConfiguration; answer as AWS does for an enabled bucket.
    const awsAnswer = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?>\n<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        "<EventBridgeConfiguration></EventBridgeConfiguration></NotificationConfiguration>",
    );
    suite.proxy.setRewrite((req, body) =>
      req.type === "GET_NOTIFICATION" && req.bucket === names.bucket ? awsAnswer : body,
    );
    try {
      suite.proxy.resetCounts();
      const report = await sync(names);
      assert.equal(report.ok, true, report.errors.join("\n"));
      assert.equal(check(report, "eventbridge")?.detail, "S3 → EventBridge delivery is on");
      assert.equal(suite.proxy.counts().PUT_NOTIFICATION ?? 0, 0);
    } finally {
      suite.proxy.setRewrite(undefined);
    }
  });
});

describe("live state", () => {
  test("waits while Flux reconciles, then uploads the trigger objects", async () => {
    const names = demoNames("reconcile");
    const { stateMachineArn } = await createLive(suite.clients, names, { definition: OLD_DEFINITION });
    let updatedAt = -1;
    const clock = fakeClock(async (sleeps) => {
      if (sleeps === 2) {
        await updateDefinition(suite.clients, stateMachineArn, LIVE_DEFINITION);
        updatedAt = suite.proxy.log.length;
      }
    });
    suite.proxy.resetCounts();
    const report = await sync(names, { ensureEventBridge: true }, clock);
    assert.equal(report.ok, true, report.errors.join("\n"));
    assert.ok(clock.sleeps >= 2);
    assert.match(
      check(report, "live-state")?.detail ?? "",
      /^live rules and state machines equal this commit/,
    );
    const scriptPut = suite.proxy.log.findIndex((r) => r.type === "PUT" && r.key === "scripts/job.py");
    const inputPut = suite.proxy.log.findIndex((r) => r.type === "PUT" && r.key === "input/a.csv");
    assert.ok(inputPut >= 0 && inputPut < updatedAt, "non-trigger objects do not wait for Flux");
    assert.ok(scriptPut > updatedAt, "the trigger object waits for the new definition");
  });

  test("when the live definition never matches, trigger objects are not uploaded", async () => {
    const names = demoNames("stale");
    await createLive(suite.clients, names, { definition: OLD_DEFINITION });
    const report = await sync(names, { ensureEventBridge: true, waitTimeoutSeconds: 12, pollSeconds: 5 });
    assert.equal(report.ok, false);
    assert.match(
      report.errors.join("\n"),
      /after 12 s the live state still differs from this commit: StateMachine demo-stale: live definition differs/,
    );
    assert.equal(await exists(names.bucket, "input/a.csv"), true);
    assert.equal(
      await exists(names.bucket, "scripts/README.txt"),
      true,
      "non-trigger files under scripts/ are not held back",
    );
    assert.equal(await exists(names.bucket, "scripts/job.py"), false);
    assert.equal(report.plan.find((e) => e.key === "scripts/job.py")?.result, "not-attempted");
  });

  test("--no-wait skips the comparison", async () => {
    const names = demoNames("nowait");
    await createLive(suite.clients, names, { definition: OLD_DEFINITION });
    const report = await sync(names, { ensureEventBridge: true, waitForLiveState: false });
    assert.equal(report.ok, true, report.errors.join("\n"));
    assert.match(
      check(report, "live-state")?.detail ?? "",
      /^skipped \(--no-wait\) \(differences not checked: StateMachine demo-nowait: live definition differs/,
    );
    assert.equal(await exists(names.bucket, "scripts/job.py"), true);
  });

  test("a plan reports rule differences: an extra target, a missing rule", async () => {
    const names = demoNames("rulediff");
    await createLive(suite.clients, names, {
      extraTargets: [{ Id: "extra", Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:surprise` }],
    });
    const report = await sync(names, { planOnly: true });
    assert.equal(report.ok, true, "a plan informs; it does not fail on readiness");
    assert.match(
      check(report, "live-state")?.detail ?? "",
      /Rule demo-rulediff-uploaded: live target arn:aws:sqs:us-east-1:123456789012:surprise is not in this commit/,
    );

    const missing = demoNames("norule");
    await suite.clients.s3.send(new CreateBucketCommand({ Bucket: missing.bucket }));
    const plan = await sync(missing, { planOnly: true });
    assert.match(check(plan, "live-state")?.detail ?? "", /Rule demo-norule-uploaded: does not exist yet/);
    await suite.clients.eventbridge
      .send(new PutTargetsCommand({ Rule: names.rule, Targets: [] }))
      .catch(() => undefined);
  });
});

describe("bucket", () => {
  test("a new environment's bucket is waited for", async () => {
    const names = demoNames("newenv");
    const clock = fakeClock(async (sleeps) => {
      if (sleeps === 2) await createLive(suite.clients, names);
    });
    suite.proxy.resetCounts();
    const report = await sync(names, { ensureEventBridge: true }, clock);
    assert.equal(report.ok, true, report.errors.join("\n"));
    assert.equal(check(report, "bucket")?.detail, "edp-demo-newenv exists (waited for it)");
    assert.equal(report.stats.put, 6);
    // The deploy role may list only under the synced prefixes: HeadBucket (s3:ListBucket on the
    // whole bucket) would be denied on AWS, so existence is probed with a prefixed listing.
    assert.equal(suite.proxy.counts().HEAD_BUCKET ?? 0, 0);
  });

  test("a bucket that never appears fails clearly and writes nothing", async () => {
    const names = demoNames("nobucket");
    const report = await sync(names, { waitTimeoutSeconds: 10 });
    assert.equal(report.ok, false);
    assert.match(
      report.errors[0] ?? "",
      /edp-demo-nobucket does not exist after 10 s; is the environment's infra Kustomization applied\?/,
    );
    assert.equal(report.stats.put, 0);
  });
});
