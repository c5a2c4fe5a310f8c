// `edp sync` as a command: flags, exit codes, the JSON document and the text report, in-process.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { main } from "../../src/cli.ts";
import { useMotoSuite } from "../helpers/moto-suite.ts";
import { captureIO, createLive, demoNames, gitopsFiles, makeRepo } from "../helpers/sync-fixture.ts";

const suite = useMotoSuite({ warm: true });

async function edp(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const io = captureIO(cwd, env);
  const code = await main(["sync", ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe("edp sync command line", () => {
  test("usage errors exit 2 and say what is wrong", async () => {
    const repo = makeRepo(gitopsFiles(demoNames("usage")));
    const cases: [string[], RegExp][] = [
      [[], /--env NAME is required/],
      [["--env", "dev", "--format", "xml"], /--format must be "text" or "json", got "xml"\./],
      [["--env", "dev", "--max-delete", "ten"], /--max-delete must be a whole number ≥ 0, got "ten"\./],
      [["--env", "dev", "--concurrency", "0"], /--concurrency must be a whole number ≥ 1/],
      [["--env", "dev", "--bogus"], /edp sync: Unknown option '--bogus'/],
      [["--env", "dev", "--endpoint", "not a url"], /endpoint 'not a url' is not a URL/],
      [
        ["--env", "nope", "--repo", repo, "--endpoint", suite.moto.endpoint],
        /unknown environment\(s\) nope; known: dev/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await edp(args, repo);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
      assert.match(r.err, message);
    }
    const help = await edp(["--help"], repo);
    assert.equal(help.code, 0);
    assert.match(
      help.out,
      /--max-delete N +refuse to run if the plan deletes more than N objects \(default 10\)/,
    );
  });

  test("--plan --format json prints the documented document and changes nothing", async () => {
    const names = demoNames("json");
    const repo = makeRepo(gitopsFiles(names));
    const r = await edp(
      ["--env", "dev", "--plan", "--format", "json", "--endpoint", suite.moto.endpoint],
      repo,
    );
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc).sort(), [
      "bucket",
      "bucketExists",
      "buckets",
      "checks",
      "environment",
      "errors",
      "executions",
      "mode",
      "ok",
      "phases",
      "plan",
      "stats",
      "version",
      "warnings",
    ]);
    assert.equal(doc.environment, "dev");
    assert.equal(doc.bucket, names.bucket);
    assert.equal(doc.bucketExists, false);
    assert.deepEqual(Object.keys(doc.stats as object).sort(), [
      "bytes",
      "delete",
      "head",
      "list",
      "ms",
      "put",
    ]);
    const plan = doc.plan as Record<string, unknown>[];
    const job = plan.find((e) => e.key === "scripts/job.py");
    assert.deepEqual(
      {
        key: job?.key,
        file: job?.file,
        action: job?.action,
        reason: job?.reason,
        triggers: job?.triggers,
        phase: job?.phase,
        result: job?.result,
      },
      {
        key: "scripts/job.py",
        file: "apps/demo/scripts/job.py",
        action: "upload",
        reason: "new (the bucket does not exist yet)",
        triggers: [names.stateMachine],
        phase: 5,
        result: "planned",
      },
    );
    assert.equal(plan.filter((e) => e.action === "upload").length, 6);
    assert.deepEqual(doc.executions, []);
  });

  test("a sync prints the report, progress goes to stderr, and the endpoint can come from AWS_ENDPOINT_URL", async () => {
    const names = demoNames("text");
    await createLive(suite.clients, names);
    const repo = makeRepo(gitopsFiles(names));
    const env = { ...process.env, AWS_ENDPOINT_URL: suite.moto.endpoint };
    const r = await edp(["--env", "dev", "--ensure-eventbridge", "--observe-timeout", "0"], repo, env);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^Sync for dev → s3:\/\/edp-demo-text$/m);
    assert.match(
      r.out,
      /^phase 5: trigger objects \(after the ready checks\)\n {2}✓ \+ scripts\/job\.py {2}\(new\) {2}→ starts demo-text/m,
    );
    assert.match(r.out, /✓ live-state: live rules and state machines equal this commit/);
    assert.match(
      r.out,
      /^OK: 6 uploaded \(1 start a run\), 0 unchanged, 0 deleted · 4 LIST, 0 HEAD, 6 PUT, 0 DELETE/m,
    );
    assert.match(r.err, /^demo\/deps: 1 object\(s\)$/m);

    const again = await edp(["--env", "dev", "--observe-timeout", "0"], repo, env);
    assert.equal(again.code, 0);
    assert.match(again.out, /Nothing to upload or delete\.\n\nSkipped: 6 unchanged \(6 by MD5 ETag\)/);
  });

  test("a sync that cannot trigger exits 1", async () => {
    const names = demoNames("exit1");
    await createLive(suite.clients, names);
    const repo = makeRepo(gitopsFiles(names));
    const r = await edp(["--env", "dev", "--endpoint", suite.moto.endpoint], repo);
    assert.equal(r.code, 1);
    assert.match(r.out, /✗ S3 → EventBridge delivery is off for edp-demo-exit1/);
    assert.match(r.out, /^FAILED: 0 uploaded/m);
  });
});
