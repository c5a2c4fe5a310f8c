// Reporters and progress sinks on a fixed report: text, JSON, job summary, bar and CI lines.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { formatSyncJson } from "../../src/report/sync/json.ts";
import { formatSyncText } from "../../src/report/sync/text.ts";
import { formatSyncSummary } from "../../src/report/sync/summary.ts";
import { lineProgress, terminalProgress } from "../../src/report/sync/progress.ts";
import { countSync } from "../../src/report/sync/counts.ts";
import type { PlanEntry, SyncReport } from "../../src/sync/types.ts";
import { fakeClock } from "../helpers/sync-fixture.ts";

function entry(partial: Partial<PlanEntry>): PlanEntry {
  return {
    pipeline: "demo",
    bucket: "edp-demo-dev",
    key: "",
    file: null,
    action: "skip",
    reason: "",
    triggers: [],
    trigger: false,
    phase: -1,
    size: 10,
    rules: [],
    result: "skipped",
    ...partial,
  };
}

function report(): SyncReport {
  return {
    environment: "dev",
    bucket: "edp-demo-dev",
    buckets: ["edp-demo-dev"],
    bucketExists: true,
    mode: "apply",
    ok: false,
    plan: [
      entry({
        key: "input/a.csv",
        file: "apps/demo/input/a.csv",
        action: "upload",
        reason: "new",
        phase: 2,
        result: "uploaded",
      }),
      entry({
        key: "input/b.csv",
        file: "apps/demo/input/b.csv",
        action: "upload",
        reason: "changed (CRC64NVME differs)",
        phase: 2,
        result: "failed",
        error: "InternalError: boom (HTTP 500)",
      }),
      entry({
        key: "scripts/job.py",
        file: "apps/demo/scripts/job.py",
        action: "upload",
        reason: "new",
        phase: 4,
        trigger: true,
        triggers: ["demo-dev"],
        result: "not-attempted",
      }),
      entry({
        key: "input/old.csv",
        action: "delete",
        reason: "not in Git",
        phase: 2,
        result: "not-attempted",
      }),
      entry({ key: "deps/lib.py", file: "apps/demo/deps/lib.py", reason: "unchanged (MD5 ETag)" }),
      entry({ file: "apps/demo/input/tmp.csv", reason: "ignored: not tracked by Git" }),
    ],
    phases: ["demo/deps", "demo/pod-templates", "demo/input", "demo/scripts", "trigger objects"],
    checks: [{ name: "bucket", ok: true, detail: "edp-demo-dev exists" }],
    executions: [],
    errors: [
      "1 object(s) of phase demo/input failed; later phases (trigger objects included) were not started",
    ],
    warnings: [],
    stats: { put: 1, list: 4, head: 1, delete: 0, bytes: 10, ms: 1234 },
  };
}

describe("sync reports", () => {
  test("text: changes by phase with their result, skips summarised, failures listed", () => {
    const text = formatSyncText(report());
    assert.equal(
      text,
      [
        "Sync for dev → s3://edp-demo-dev",
        "",
        "phase 3: demo/input",
        "  ✓ + input/a.csv  (new)  apps/demo/input/a.csv",
        "  ✗ + input/b.csv  (changed (CRC64NVME differs))  apps/demo/input/b.csv  ERROR InternalError: boom (HTTP 500)",
        "  · - input/old.csv  (not in Git)",
        "",
        "phase 5: trigger objects (after the ready checks)",
        "  · + scripts/job.py  (new)  → starts demo-dev  apps/demo/scripts/job.py",
        "",
        "Skipped: 1 unchanged (1 by MD5 ETag)",
        "  - apps/demo/input/tmp.csv: ignored: not tracked by Git",
        "",
        "Ready checks:",
        "  ✓ bucket: edp-demo-dev exists",
        "",
        "Failed:",
        "  ✗ 1 object(s) of phase demo/input failed; later phases (trigger objects included) were not started",
        "  Not uploaded or deleted: 3 (marked ✗ failed, · not attempted above). Re-run to converge.",
        "",
        "FAILED: 1 uploaded, 1 unchanged, 0 deleted, 1 ignored or kept, 1 failed, 2 not attempted · 4 LIST, 1 HEAD, 1 PUT, 0 DELETE, 10 B in 1.2 s",
        "",
      ].join("\n"),
    );
  });

  test("JSON: the documented fields, phases numbered from 1, null phase for skips", () => {
    const doc = JSON.parse(formatSyncJson(report())) as {
      plan: Record<string, unknown>[];
      stats: Record<string, number>;
    };
    assert.deepEqual(doc.plan[1], {
      key: "input/b.csv",
      file: "apps/demo/input/b.csv",
      action: "upload",
      reason: "changed (CRC64NVME differs)",
      triggers: [],
      phase: 3,
      result: "failed",
      error: "InternalError: boom (HTTP 500)",
      pipeline: "demo",
      bucket: "edp-demo-dev",
      size: 10,
    });
    assert.equal(doc.plan[4]?.phase, null);
    assert.deepEqual(doc.stats, { put: 1, list: 4, head: 1, delete: 0, bytes: 10, ms: 1234 });
  });

  test("summary and counts", () => {
    const md = formatSyncSummary(report());
    assert.match(md, /^## ❌ Sync: dev → `s3:\/\/edp-demo-dev`/);
    assert.match(
      md,
      /\| 1 \| 2 \| 0 \| 0 \| 1 \| 2 \| 4 LIST · 1 HEAD · 1 PUT · 0 DELETE · 10 B \| 1.2 s \|/,
    );
    assert.match(
      md,
      /\| phase 3: demo\/input \| upload \| `input\/b\.csv` \| changed \(CRC64NVME differs\) \| failed: InternalError: boom \(HTTP 500\) \| {2}\|/,
    );
    assert.deepEqual(countSync(report()), {
      uploaded: 1,
      skipped: 2,
      unchanged: 1,
      ignored: 1,
      deleted: 0,
      failed: 1,
      notAttempted: 2,
      triggered: 0,
    });
  });
});

describe("progress", () => {
  test("CI lines: phase start, at most one line per interval, phase end", () => {
    const lines: string[] = [];
    const clock = fakeClock();
    let now = clock.now();
    const sink = lineProgress((l) => lines.push(l), { now: () => now, sleep: clock.sleep }, 5000);
    sink.phase("demo/input", 4);
    sink.advance("a", 1024);
    now += 6000;
    sink.advance("b", 1024);
    sink.advance("c", 1024);
    sink.advance("d", 1024);
    sink.message("waiting for Flux: x");
    sink.message("waiting for Flux: x");
    assert.deepEqual(lines, [
      "demo/input: 4 object(s)",
      "demo/input: 2/4 (2.0 KiB so far)",
      "demo/input: 4/4 done (4.0 KiB so far)",
      "waiting for Flux: x",
    ]);
  });

  test("terminal bar redraws in place and clears at the end", () => {
    let out = "";
    const stream = new Writable({ write: (c: Buffer, _e, cb) => ((out += c.toString()), cb()) });
    const sink = terminalProgress(stream, fakeClock());
    sink.phase("demo/input", 2);
    sink.advance("a", 1);
    sink.advance("b", 1);
    sink.done();
    const clear = "\r\u001b[2K";
    assert.ok(out.startsWith(`${clear}${"░".repeat(24)} 0/2 0 B  demo/input`), JSON.stringify(out));
    assert.ok(out.endsWith(`${clear}${"█".repeat(24)} 2/2 2 B  demo/input${clear}`), JSON.stringify(out));
  });
});
