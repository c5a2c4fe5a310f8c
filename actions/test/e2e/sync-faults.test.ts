// Fault injection: a suite.proxy in front of suite.moto answers 500, 503 or SlowDown, or drops connections.
// The sync converges through the SDK's retries, or fails cleanly: it says exactly what landed,
// never uploads a trigger object after an earlier phase failed, and a re-run uploads the rest once.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { useMotoSuite } from "../helpers/moto-suite.ts";
import {
  commit,
  createLive,
  demoFiles,
  demoNames,
  demoObjects,
  fakeClock,
  makeRepo,
  renderStub,
  type DemoNames,
} from "../helpers/sync-fixture.ts";
import { createAwsClients, type AwsClients } from "../../src/sync/aws/clients.ts";
import { syncEnvironment } from "../../src/sync/index.ts";
import { formatSyncText } from "../../src/report/sync/text.ts";
import type { SyncReport } from "../../src/sync/types.ts";

// `suite.clients` go straight to moto (setting up); the sync goes through the proxy.
let clients: AwsClients;
/** Two attempts: for tests where a request always fails, so they do not sit in backoff. */
let impatient: AwsClients;
// `suite.clients` go straight to moto (setting up); the syncs go through the proxy.
const suite = useMotoSuite({
  proxy: { seed: 7 },
  clients: "moto",
  warm: true,
  setUp: ({ proxy }) => {
    clients = createAwsClients({ endpoint: proxy.endpoint, env: { ...process.env, AWS_MAX_ATTEMPTS: "6" } });
    impatient = createAwsClients({
      endpoint: proxy.endpoint,
      env: { ...process.env, AWS_MAX_ATTEMPTS: "2" },
    });
  },
});

function sync(repo: string, names: DemoNames, via: AwsClients = impatient): Promise<SyncReport> {
  return syncEnvironment(
    {
      repoRoot: repo,
      environment: "dev",
      ensureEventBridge: true,
      observeTimeoutSeconds: 0,
      pollSeconds: 1,
      concurrency: 8,
    },
    { ...via, clock: fakeClock(), render: renderStub(demoObjects(names)) },
  );
}

/** Many input files, so that a share of faults hits every phase. */
function manyFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++)
    files[`apps/demo/input/part-${String(i).padStart(3, "0")}.csv`] = `id,value\n${i},${i * i}\n`;
  return files;
}

const putKeys = () => suite.proxy.log.filter((r) => r.type === "PUT" && r.fault === null).map((r) => r.key);
const results = (report: SyncReport, result: string) =>
  report.plan
    .filter((e) => e.result === result)
    .map((e) => e.key)
    .sort();

/** Key → MD5 of what the bucket holds. */
async function bucketState(bucket: string): Promise<Map<string, string>> {
  const r = await suite.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return new Map((r.Contents ?? []).map((o) => [o.Key!, (o.ETag ?? "").replaceAll('"', "")]));
}

function expectedState(report: SyncReport): Map<string, string> {
  return new Map(report.plan.filter((e) => e.digest).map((e) => [e.key, e.digest!.md5]));
}

describe("fault injection", () => {
  test("with 500s, 503s, SlowDowns and dropped connections the sync converges or fails cleanly, and a re-run finishes it", async () => {
    const names = demoNames("flaky");
    await createLive(suite.clients, names);
    const repo = makeRepo(demoFiles(manyFiles()));
    const s3Only = (r: { type: string }) => /^[A-Z_]+$/.test(r.type);
    suite.proxy.setFaults([
      { kind: "500", rate: 0.08, match: s3Only },
      { kind: "503", rate: 0.08, match: s3Only },
      { kind: "slowdown", rate: 0.08, match: s3Only },
      { kind: "drop", rate: 0.08, match: s3Only },
    ]);
    suite.proxy.resetCounts();
    let first: SyncReport;
    try {
      first = await sync(repo, names, clients);
    } finally {
      suite.proxy.setFaults([]);
    }
    const injected = suite.proxy.log.filter((r) => r.fault !== null).length;
    assert.ok(injected >= 5, `expected faults to be injected, got ${injected}`);
    const uploadedFirst = results(first, "uploaded");
    const state = await bucketState(names.bucket);
    // Whatever happened, the report matches the bucket: every key reported uploaded is there.
    for (const key of uploadedFirst) assert.ok(state.has(key), `${key} reported uploaded but missing`);
    if (!first.ok) {
      assert.ok(first.errors.length > 0);
      const notUploaded = [...results(first, "failed"), ...results(first, "not-attempted")];
      assert.ok(notUploaded.length > 0);
      assert.ok(!uploadedFirst.includes("scripts/job.py") || results(first, "not-attempted").length === 0);
    }

    suite.proxy.resetCounts();
    const second = await sync(repo, names);
    assert.equal(second.ok, true, second.errors.join("\n"));
    for (const key of putKeys()) assert.ok(!uploadedFirst.includes(key), `${key} was uploaded twice`);
    assert.deepEqual(await bucketState(names.bucket), expectedState(second));
  });

  test("a failed phase holds back every later phase, trigger objects included; the re-run uploads exactly the rest", async () => {
    const names = demoNames("phasefail");
    await createLive(suite.clients, names);
    const repo = makeRepo(demoFiles());
    suite.proxy.setFaults([
      { kind: "500", rate: 1, match: (r) => r.type === "PUT" && r.key === "input/b.csv" },
    ]);
    let first: SyncReport;
    try {
      first = await sync(repo, names);
    } finally {
      suite.proxy.setFaults([]);
    }
    assert.equal(first.ok, false);
    assert.deepEqual(results(first, "uploaded"), ["deps/lib.py", "input/a.csv", "pod-templates/driver.yaml"]);
    assert.deepEqual(results(first, "failed"), ["input/b.csv"]);
    assert.deepEqual(results(first, "not-attempted"), ["scripts/README.txt", "scripts/job.py"]);
    assert.match(first.plan.find((e) => e.key === "input/b.csv")?.error ?? "", /InternalError.*HTTP 500/);
    assert.match(
      first.errors.join("\n"),
      /1 object\(s\) of phase demo\/input failed; later phases \(trigger objects included\) were not started/,
    );
    const text = formatSyncText(first);
    assert.match(text, /✗ \+ input\/b\.csv {2}\(new\).*ERROR InternalError/);
    assert.match(text, /· \+ scripts\/job\.py {2}\(new\) {2}→ starts demo-phasefail/);
    assert.match(
      text,
      /Not uploaded or deleted: 3 \(marked ✗ failed, · not attempted above\)\. Re-run to converge\./,
    );
    assert.equal((await bucketState(names.bucket)).has("scripts/job.py"), false);

    suite.proxy.resetCounts();
    const second = await sync(repo, names);
    assert.equal(second.ok, true, second.errors.join("\n"));
    assert.deepEqual(putKeys(), ["input/b.csv", "scripts/README.txt", "scripts/job.py"]);
    assert.deepEqual(await bucketState(names.bucket), expectedState(second));
  });

  test("responses lost after S3 applied the PUT: the re-run finds the objects in place and does not upload them again", async () => {
    const names = demoNames("lost");
    await createLive(suite.clients, names);
    const repo = makeRepo(demoFiles());
    writeFileSync(path.join(repo, "apps/demo/input/a.csv"), "id,value\n1,11\n");
    commit(repo, "edit");
    suite.proxy.setFaults([
      { kind: "drop-after", rate: 1, match: (r) => r.type === "PUT" && r.key.startsWith("input/") },
    ]);
    let first: SyncReport;
    try {
      first = await sync(repo, names);
    } finally {
      suite.proxy.setFaults([]);
    }
    assert.equal(first.ok, false);
    assert.deepEqual(results(first, "failed"), ["input/a.csv", "input/b.csv"]);
    const landed = await bucketState(names.bucket);
    assert.equal(
      landed.get("input/a.csv"),
      createHash("md5").update("id,value\n1,11\n").digest("hex"),
      "S3 applied it",
    );

    suite.proxy.resetCounts();
    const second = await sync(repo, names);
    assert.equal(second.ok, true, second.errors.join("\n"));
    assert.equal(second.plan.find((e) => e.key === "input/a.csv")?.reason, "unchanged (MD5 ETag)");
    assert.deepEqual(putKeys(), ["scripts/README.txt", "scripts/job.py"]);
  });

  test("a failed trigger upload fails the sync; the re-run uploads only it", async () => {
    const names = demoNames("trigfail");
    await createLive(suite.clients, names);
    const repo = makeRepo(demoFiles());
    suite.proxy.setFaults([
      { kind: "slowdown", rate: 1, match: (r) => r.type === "PUT" && r.key === "scripts/job.py" },
    ]);
    let first: SyncReport;
    try {
      first = await sync(repo, names);
    } finally {
      suite.proxy.setFaults([]);
    }
    assert.equal(first.ok, false);
    assert.deepEqual(results(first, "failed"), ["scripts/job.py"]);
    assert.match(first.errors.join("\n"), /1 trigger object\(s\) failed to upload/);
    suite.proxy.resetCounts();
    const second = await sync(repo, names);
    assert.equal(second.ok, true);
    assert.deepEqual(putKeys(), ["scripts/job.py"]);
  });
});
