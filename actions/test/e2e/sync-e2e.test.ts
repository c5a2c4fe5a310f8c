// End to end through moto: the real renderer, S3 → EventBridge delivery, and the runs the uploads start.
// suite.moto cannot deliver EventBridge → Step Functions, so a test "bridge" reads a queue the same rule
// pattern routes to and starts the executions, exactly as EventBridge would (event as input).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { StartExecutionCommand, StopExecutionCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { TEST_REGION } from "../helpers/moto.ts";
import { useMotoSuite } from "../helpers/moto-suite.ts";
import {
  createLive,
  demoNames,
  demoPattern,
  fakeClock,
  gitopsFiles,
  makeRepo,
  type DemoNames,
} from "../helpers/sync-fixture.ts";
import { syncEnvironment } from "../../src/sync/index.ts";
import { waitForRuns } from "../../src/sync/observe/wait-for-runs.ts";
import { silentProgress, type ExecutionReport, type SyncOptions } from "../../src/sync/types.ts";

let sqs: SQSClient;
const suite = useMotoSuite({
  warm: true,
  setUp: ({ moto }) => {
    sqs = new SQSClient({ region: TEST_REGION, endpoint: moto.endpoint });
  },
  tearDown: () => sqs?.destroy(),
});

/**
 * A queue that receives what the declared rule pattern matches. It must be created before the
 * rule with the state machine target: suite.moto stops delivering to every later rule when it meets one.
 */
async function routeToQueue(names: DemoNames, label: string): Promise<string> {
  const q = await sqs.send(new CreateQueueCommand({ QueueName: `${names.stateMachine}-${label}` }));
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: q.QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  const rule = `${names.rule}-${label}`;
  await suite.clients.eventbridge.send(
    new PutRuleCommand({
      Name: rule,
      EventPattern: JSON.stringify(demoPattern(names.bucket)),
      State: "ENABLED",
    }),
  );
  await suite.clients.eventbridge.send(
    new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "q", Arn: attrs.Attributes!.QueueArn! }] }),
  );
  return q.QueueUrl!;
}

async function drain(queueUrl: string): Promise<Record<string, unknown>[]> {
  const events: Record<string, unknown>[] = [];
  for (;;) {
    const r = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (!r.Messages?.length) return events;
    for (const m of r.Messages) {
      events.push(JSON.parse(m.Body ?? "{}") as Record<string, unknown>);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
}

/** EventBridge → Step Functions, done by the test: every queued event starts an execution. */
function bridge(
  queueUrl: string,
  stateMachineArn: string,
  onStarted?: (executionArn: string) => Promise<void>,
) {
  let n = 0;
  return async () => {
    for (const event of await drain(queueUrl)) {
      const r = await suite.clients.sfn.send(
        new StartExecutionCommand({
          stateMachineArn,
          name: `bridge-${Date.now()}-${n++}`,
          input: JSON.stringify(event),
        }),
      );
      await onStarted?.(r.executionArn!);
    }
  };
}

function sync(repo: string, clock = fakeClock(), options: Partial<SyncOptions> = {}) {
  // No render stub: the same renderer as `edp validate`, on a real GitOps tree.
  return syncEnvironment(
    {
      repoRoot: repo,
      environment: "dev",
      ensureEventBridge: true,
      observeTimeoutSeconds: 30,
      pollSeconds: 2,
      waitTimeoutSeconds: 20,
      ...options,
    },
    { ...suite.clients, clock },
  );
}

describe("end to end through suite.moto", () => {
  test("a synced script reaches EventBridge (input data does not), and its execution is reported", async () => {
    const names = demoNames("e2e");
    const probe = await routeToQueue(names, "probe");
    const toSfn = await routeToQueue(names, "bridge");
    const { stateMachineArn } = await createLive(suite.clients, names);
    // An unrelated execution (another key) must not be reported as ours.
    await suite.clients.sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name: "unrelated",
        input: JSON.stringify({
          detail: { bucket: { name: names.bucket }, object: { key: "scripts/other.py" } },
        }),
      }),
    );
    const repo = makeRepo(gitopsFiles(names));
    const report = await sync(repo, fakeClock(bridge(toSfn, stateMachineArn)));
    assert.equal(report.ok, true, report.errors.join("\n"));

    const events = await drain(probe);
    const created = events.filter((e) => e["detail-type"] === "Object Created");
    assert.deepEqual(
      created.map((e) => (e.detail as { object: { key: string } }).object.key),
      ["scripts/job.py"],
      "only the script matches the rule; input, deps, pod templates and README do not",
    );
    assert.equal(report.executions.length, 1);
    const [run] = report.executions;
    assert.equal(run?.key, "scripts/job.py");
    assert.equal(run?.stateMachine, names.stateMachine);
    assert.equal(run?.status, "RUNNING");
    assert.equal(
      run?.url,
      `https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/${run?.executionArn}`,
    );
    assert.deepEqual(report.warnings, []);
  });

  test("--wait-runs fails when a run fails", async () => {
    const names = demoNames("runfail");
    const toSfn = await routeToQueue(names, "bridge");
    const { stateMachineArn } = await createLive(suite.clients, names);
    const repo = makeRepo(gitopsFiles(names));
    const stop = async (executionArn: string) => {
      await suite.clients.sfn.send(new StopExecutionCommand({ executionArn, error: "SparkJobFailed" }));
    };
    const report = await sync(repo, fakeClock(bridge(toSfn, stateMachineArn, stop)), { waitRuns: true });
    assert.equal(report.ok, false);
    assert.equal(report.executions[0]?.status, "ABORTED");
    assert.match(
      report.errors.join("\n"),
      /^run bridge-\d+-0 \(scripts\/job.py\) ended ABORTED: https:\/\/us-east-1\.console/m,
    );
  });

  test("--wait-runs fails when a run is still going at the timeout, and when no run started", async () => {
    const names = demoNames("runslow");
    const toSfn = await routeToQueue(names, "bridge");
    const { stateMachineArn } = await createLive(suite.clients, names);
    const repo = makeRepo(gitopsFiles(names));
    const slow = await sync(repo, fakeClock(bridge(toSfn, stateMachineArn)), {
      waitRuns: true,
      waitTimeoutSeconds: 10,
    });
    assert.equal(slow.ok, false);
    assert.match(slow.errors.join("\n"), /\(scripts\/job.py\) is still RUNNING after the wait timeout/);

    // Nothing bridges events now: no execution ever starts.
    const none = await sync(repo, fakeClock(), {
      waitRuns: true,
      forceKeys: ["scripts/job.py"],
      observeTimeoutSeconds: 6,
    });
    assert.equal(none.ok, false);
    assert.deepEqual(none.errors, [`no execution seen yet for scripts/job.py → ${names.stateMachine}`]);
  });

  test("waiting for runs succeeds once every run has succeeded", async () => {
    let calls = 0;
    const sfn = {
      send: async () => ({ status: ++calls < 3 ? "RUNNING" : "SUCCEEDED" }),
    } as unknown as SFNClient;
    const running: ExecutionReport = {
      stateMachine: "m",
      stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m",
      executionArn: "arn:aws:states:us-east-1:123456789012:execution:m:e",
      name: "e",
      key: "scripts/a.py",
      status: "RUNNING",
      startDate: new Date(0).toISOString(),
      url: "",
    };
    const clock = fakeClock();
    const done = await waitForRuns(sfn, [running], {
      clock,
      progress: silentProgress,
      timeoutMs: 60_000,
      pollMs: 1000,
    });
    assert.deepEqual(
      done.map((e) => e.status),
      ["SUCCEEDED"],
    );
    assert.equal(clock.sleeps, 2);
  });
});
