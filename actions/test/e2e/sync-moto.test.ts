// edp sync against a real moto_server through a counting proxy: the real SDK over HTTP.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { useMotoSuite } from "../helpers/moto-suite.ts";
import {
  commit,
  createLive,
  demoFiles,
  demoNames,
  demoObjects,
  fakeClock,
  git,
  makeRepo,
  renderStub,
  type DemoNames,
} from "../helpers/sync-fixture.ts";
import { syncEnvironment } from "../../src/sync/index.ts";
import type { SyncOptions, SyncReport } from "../../src/sync/types.ts";

const suite = useMotoSuite({ proxy: {}, warm: true });

function sync(repo: string, names: DemoNames, options: Partial<SyncOptions> = {}): Promise<SyncReport> {
  return syncEnvironment(
    {
      repoRoot: repo,
      environment: "dev",
      ensureEventBridge: true,
      observeTimeoutSeconds: 0,
      pollSeconds: 1,
      ...options,
    },
    { ...suite.clients, clock: fakeClock(), render: renderStub(demoObjects(names)) },
  );
}

const puts = () => suite.proxy.log.filter((r) => r.type === "PUT").map((r) => r.key);
const entry = (report: SyncReport, key: string) => report.plan.find((e) => e.key === key);

async function listKeys(bucket: string): Promise<string[]> {
  const r = await suite.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (r.Contents ?? []).map((o) => o.Key!).sort();
}

function touchAll(dir: string): void {
  const future = new Date(Date.now() + 3_600_000);
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const full = path.join(dir, name);
    if (!name.startsWith(".git") && statSync(full).isFile()) utimesSync(full, future, future);
  }
}

describe("edp sync against suite.moto", () => {
  test("first sync uploads every tracked file in phases, trigger objects last, with metadata", async () => {
    const names = demoNames("first");
    await createLive(suite.clients, names);
    const repo = makeRepo(demoFiles());
    writeFileSync(path.join(repo, "apps/demo/input/untracked.csv"), "x\n");
    suite.proxy.resetCounts();
    const report = await sync(repo, names, { runUrl: "https://github.com/o/r/actions/runs/1" });
    assert.equal(report.ok, true, report.errors.join("\n"));
    const order = puts();
    assert.deepEqual([...order].sort(), [
      "deps/lib.py",
      "input/a.csv",
      "input/b.csv",
      "pod-templates/driver.yaml",
      "scripts/README.txt",
      "scripts/job.py",
    ]);
    // Each phase completes before the next: deps, pod templates, input, other scripts, then triggers.
    const phaseOf = (key: string) =>
      ["deps/", "pod-templates/", "input/", "scripts/README"].findIndex((p) => key.startsWith(p));
    const phases = order.map((k) => (k === "scripts/job.py" ? 4 : phaseOf(k)));
    assert.deepEqual(phases, [...phases].sort(), `uploads out of phase order: ${order.join(", ")}`);
    assert.equal(order.at(-1), "scripts/job.py");
    assert.deepEqual(entry(report, "scripts/job.py")?.triggers, ["demo-first"]);
    assert.deepEqual(entry(report, "scripts/README.txt")?.triggers, []);
    assert.equal(
      report.plan.find((e) => e.file === "apps/demo/input/untracked.csv")?.reason,
      "ignored: not tracked by Git",
    );

    const head = await suite.clients.s3.send(
      new HeadObjectCommand({ Bucket: names.bucket, Key: "scripts/job.py", ChecksumMode: "ENABLED" }),
    );
    assert.equal(head.ContentType, "text/x-python");
    assert.equal(head.Metadata?.["edp-commit"], git(repo, "rev-parse", "HEAD").trim());
    assert.equal(head.Metadata?.["edp-run-url"], "https://github.com/o/r/actions/runs/1");
    assert.match(head.Metadata?.["edp-sha256"] ?? "", /^[0-9a-f]{64}$/);
    assert.equal(head.ChecksumCRC64NVME, entry(report, "scripts/job.py")?.digest?.crc64nvme);
    assert.deepEqual(report.stats.put, 6);
  });

  test("a no-op re-sync after touching every mtime, and from a fresh clone, makes zero PUTs and one LIST per prefix", async () => {
    const names = demoNames("noop");
    await createLive(suite.clients, names);
    const repo = makeRepo(demoFiles());
    assert.equal((await sync(repo, names)).ok, true);
    touchAll(repo);
    suite.proxy.resetCounts();
    const again = await sync(repo, names);
    assert.equal(again.ok, true);
    assert.deepEqual(suite.proxy.counts(), { LIST: 4 });
    assert.ok(
      again.plan
        .filter((e) => e.key)
        .every((e) => e.action === "skip" && e.reason === "unchanged (MD5 ETag)"),
    );

    const clone = path.join(repo, "..", `${path.basename(repo)}-clone`);
    execFileSync("git", ["clone", "-q", repo, clone]);
    suite.proxy.resetCounts();
    const fromClone = await sync(clone, names);
    assert.equal(fromClone.ok, true);
    assert.equal(suite.proxy.counts().PUT ?? 0, 0);
    assert.deepEqual(fromClone.stats, { ...fromClone.stats, put: 0, list: 4, head: 0, delete: 0, bytes: 0 });
  });

  test("one changed file is one PUT; a same-size edit is found through the checksum", async () => {
    const names = demoNames("change");
    await createLive(suite.clients, names);
    const repo = makeRepo(demoFiles());
    await sync(repo, names);

    writeFileSync(path.join(repo, "apps/demo/input/a.csv"), "id,value\n1,10\n3,30\n");
    commit(repo, "more input");
    suite.proxy.resetCounts();
    const grown = await sync(repo, names);
    assert.deepEqual(puts(), ["input/a.csv"]);
    assert.equal(suite.proxy.counts().HEAD ?? 0, 0);
    assert.match(entry(grown, "input/a.csv")?.reason ?? "", /^changed \(size 14 → 19 bytes\)$/);

    writeFileSync(path.join(repo, "apps/demo/input/b.csv"), "id,value\n2,21\n"); // same size as before
    commit(repo, "fix a value");
    suite.proxy.resetCounts();
    const edited = await sync(repo, names);
    assert.deepEqual(puts(), ["input/b.csv"]);
    assert.equal(suite.proxy.counts().HEAD, 1);
    assert.equal(entry(edited, "input/b.csv")?.reason, "changed (CRC64NVME differs)");
  });

  test("multipart objects compare exactly and re-sync without a PUT", async () => {
    const names = demoNames("multipart");
    await createLive(suite.clients, names);
    const big = randomBytes(6 * 1024 * 1024);
    const repo = makeRepo(demoFiles({ "apps/demo/input/big.bin": big }));
    suite.proxy.resetCounts();
    const first = await sync(repo, names, { multipartThresholdBytes: 5 * 1024 * 1024 });
    assert.equal(first.ok, true, first.errors.join("\n"));
    assert.equal(suite.proxy.counts().CREATE_MULTIPART, 1);
    assert.equal(suite.proxy.counts().UPLOAD_PART, 2);

    suite.proxy.resetCounts();
    const again = await sync(repo, names, { multipartThresholdBytes: 5 * 1024 * 1024 });
    assert.equal(suite.proxy.counts().PUT ?? 0, 0);
    assert.equal(suite.proxy.counts().UPLOAD_PART ?? 0, 0);
    assert.equal(suite.proxy.counts().HEAD, 1);
    assert.match(entry(again, "input/big.bin")?.reason ?? "", /^unchanged/);

    big[big.length - 1] = big[big.length - 1]! ^ 0xff; // same size, one byte different
    writeFileSync(path.join(repo, "apps/demo/input/big.bin"), big);
    commit(repo, "flip a byte");
    const changed = await sync(repo, names, { multipartThresholdBytes: 5 * 1024 * 1024 });
    assert.equal(entry(changed, "input/big.bin")?.action, "upload");
    assert.equal(entry(changed, "input/big.bin")?.result, "uploaded");
  });

  test("deletes happen only with --delete, within --max-delete, and never in the trigger area unless allowed", async () => {
    const names = demoNames("delete");
    await createLive(suite.clients, names);
    const repo = makeRepo(demoFiles());
    await sync(repo, names);
    for (const key of ["input/old-1.csv", "input/old-2.csv", "scripts/retired.py", "scripts/notes.txt"]) {
      await suite.clients.s3.send(new PutObjectCommand({ Bucket: names.bucket, Key: key, Body: "old" }));
    }
    git(repo, "rm", "-q", "apps/demo/input/b.csv");
    commit(repo, "drop b");

    const kept = await sync(repo, names);
    assert.equal(kept.ok, true);
    assert.equal(entry(kept, "input/old-1.csv")?.reason, "kept: not in Git (pass --delete to delete it)");
    assert.equal((await listKeys(names.bucket)).length, 10);

    suite.proxy.resetCounts();
    const bounded = await sync(repo, names, { delete: true, maxDelete: 2 });
    assert.equal(bounded.ok, false);
    assert.match(
      bounded.errors.join("\n"),
      /the plan deletes 3 objects, more than --max-delete 2; nothing was changed/,
    );
    assert.deepEqual(suite.proxy.counts(), { LIST: 4 }, "a refused plan writes nothing");

    const deleted = await sync(repo, names, { delete: true, maxDelete: 3 });
    assert.equal(deleted.ok, true, deleted.errors.join("\n"));
    assert.equal(
      entry(deleted, "scripts/retired.py")?.reason,
      "kept: not in Git, but in the trigger area (pass --allow-trigger-delete to delete it)",
    );
    assert.equal(
      entry(deleted, "scripts/notes.txt")?.action,
      "skip",
      "scripts/ is the trigger prefix even for non-.py keys",
    );
    assert.equal(deleted.stats.delete, 3);
    assert.deepEqual(await listKeys(names.bucket), [
      "deps/lib.py",
      "input/a.csv",
      "pod-templates/driver.yaml",
      "scripts/README.txt",
      "scripts/job.py",
      "scripts/notes.txt",
      "scripts/retired.py",
    ]);

    const all = await sync(repo, names, { delete: true, allowTriggerDelete: true });
    assert.equal(all.ok, true);
    assert.deepEqual(
      all.plan.filter((e) => e.action === "delete").map((e) => [e.key, e.result]),
      [
        ["scripts/notes.txt", "deleted"],
        ["scripts/retired.py", "deleted"],
      ],
    );
  });

  test("a plan changes nothing and, for a bucket that does not exist yet, lists every file as an upload", async () => {
    const names = demoNames("planned");
    const repo = makeRepo(demoFiles());
    suite.proxy.resetCounts();
    const plan = await sync(repo, names, { planOnly: true });
    assert.equal(plan.ok, true);
    assert.equal(plan.bucketExists, false);
    assert.match(
      plan.warnings.join("\n"),
      /bucket edp-demo-planned does not exist yet: every file is listed as an upload/,
    );
    assert.equal(plan.plan.filter((e) => e.action === "upload").length, 6);
    assert.ok(plan.plan.every((e) => e.result === "planned" || e.action === "skip"));
    assert.deepEqual(Object.keys(suite.proxy.counts()), ["LIST"]);
  });

  test("--force-keys re-uploads an unchanged script; an unknown key is a usage error", async () => {
    const names = demoNames("force");
    await createLive(suite.clients, names);
    const repo = makeRepo(demoFiles());
    await sync(repo, names);
    suite.proxy.resetCounts();
    const forced = await sync(repo, names, { forceKeys: ["scripts/job.py"] });
    assert.deepEqual(puts(), ["scripts/job.py"]);
    assert.equal(entry(forced, "scripts/job.py")?.reason, "forced (--force-keys)");
    await assert.rejects(
      sync(repo, names, { forceKeys: ["scripts/nope.py"] }),
      /--force-keys: no tracked file maps to 'scripts\/nope.py'/,
    );
  });

  test("refused files stop the sync before anything is written", async () => {
    const names = demoNames("refused");
    await createLive(suite.clients, names);
    const repo = makeRepo(demoFiles());
    symlinkSync("/etc/hostname", path.join(repo, "apps/demo/input/host.csv"));
    writeFileSync(path.join(repo, "apps/demo/input/bad name.csv"), "x\n");
    commit(repo, "unsafe");
    suite.proxy.resetCounts();
    const report = await sync(repo, names);
    assert.equal(report.ok, false);
    assert.match(
      report.errors.join("\n"),
      /apps\/demo\/input\/host.csv: refused: resolves outside the repository/,
    );
    assert.match(
      report.errors.join("\n"),
      /apps\/demo\/input\/bad name.csv: refused: key 'input\/bad name.csv' is unsafe/,
    );
    assert.equal(suite.proxy.counts().PUT ?? 0, 0);
    assert.ok(report.plan.filter((e) => e.action === "upload").every((e) => e.result === "not-attempted"));
    unlinkSync(path.join(repo, "apps/demo/input/host.csv"));
  });

  test("--sse-kms-key-id encrypts uploads with that key", async () => {
    const names = demoNames("kms");
    await createLive(suite.clients, names);
    const repo = makeRepo(demoFiles());
    const report = await sync(repo, names, { sseKmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/demo" });
    assert.equal(report.ok, true, report.errors.join("\n"));
    const head = await suite.clients.s3.send(
      new HeadObjectCommand({ Bucket: names.bucket, Key: "input/a.csv" }),
    );
    assert.equal(head.ServerSideEncryption, "aws:kms");
    assert.equal(head.SSEKMSKeyId, "arn:aws:kms:us-east-1:123456789012:key/demo");
    assert.equal(head.ContentType, "text/csv");
  });
});
