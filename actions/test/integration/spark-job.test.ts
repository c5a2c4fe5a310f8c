/**
 * The taxi-trips Spark job's files: sample input, generator, shared lib, entry points, pod templates.
 *
 * pyspark is not available here, so the Spark side is checked through what runs on plain
 * Python: the generator, py_compile, the lib's pure-Python validity rules, and the entry
 * point's argument check (which runs before pyspark is imported).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const app = path.join(root, "apps", "taxi-trips");
const inputDir = path.join(app, "input");
const scriptsDir = path.join(app, "scripts");
const depsDir = path.join(app, "deps");
const generator = path.join(app, "tools", "generate_sample_input.py");
const lib = path.join(depsDir, "taxi_trips_lib.py");
const entryPoint = path.join(scriptsDir, "daily_zone_stats.py");

/** Deliberately invalid rows in the committed input, by the lib rule each one breaks first. */
const EXPECTED_INVALID: Record<string, number> = {
  "missing-tpep_pickup_datetime": 1,
  "missing-tpep_dropoff_datetime": 1,
  "missing-PULocationID": 1,
  "non-positive-trip_distance": 4,
  "negative-fare_amount": 2,
  "negative-tip_amount": 1,
  "negative-total_amount": 1,
  "dropoff-before-pickup": 3,
};

interface PythonResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs python3 with the lib importable and no __pycache__ written into the repository. */
function python(args: string[], options: { cwd?: string } = {}): PythonResult {
  const r = spawnSync("python3", args, {
    cwd: options.cwd ?? root,
    encoding: "utf8",
    env: { ...process.env, PYTHONPATH: depsDir, PYTHONDONTWRITEBYTECODE: "1", PYTHONHASHSEED: "0" },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pythonOk(args: string[]): string {
  const r = python(args);
  assert.equal(r.status, 0, `python3 ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? listFiles(full).map((f) => path.join(name, f)) : [name];
    })
    .sort();
}

interface GeneratorReport {
  rows: number;
  seed: number;
  files: { file: string; rows: number; invalid: { line: number; reason: string }[] }[];
}

let tmp = "";
before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), "spark-job-"));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("sample input", () => {
  test("the generator's defaults reproduce the committed input byte for byte", () => {
    const out = path.join(tmp, "generated");
    pythonOk([generator, "--out", out]);
    const committed = listFiles(inputDir);
    assert.ok(committed.length > 0, "apps/taxi-trips/input/ is empty");
    assert.deepEqual(listFiles(out), committed, "generated file names differ from apps/taxi-trips/input/");
    for (const name of committed) {
      const same = readFileSync(path.join(out, name)).equals(readFileSync(path.join(inputDir, name)));
      assert.ok(same, `input/${name} differs from the generator's output: regenerate it, do not edit it`);
    }
  });

  test("another seed gives different data (the seed is really used)", () => {
    const out = path.join(tmp, "other-seed");
    pythonOk([generator, "--out", out, "--rows", "50", "--seed", "7"]);
    const again = path.join(tmp, "other-seed-again");
    pythonOk([generator, "--out", again, "--rows", "50", "--seed", "7"]);
    const first = listFiles(out);
    assert.deepEqual(listFiles(again), first);
    for (const name of first) {
      assert.ok(readFileSync(path.join(out, name)).equals(readFileSync(path.join(again, name))));
    }
    const committed = readFileSync(path.join(inputDir, first[0] ?? "missing"), "utf8");
    assert.notEqual(readFileSync(path.join(out, first[0] ?? "missing"), "utf8"), committed);
  });

  test("the committed input is under 1 MB in total and contains only CSV files", () => {
    const files = listFiles(inputDir);
    const total = files.reduce((sum, f) => sum + statSync(path.join(inputDir, f)).size, 0);
    assert.ok(total < 1_000_000, `input/ holds ${total} bytes`);
    assert.deepEqual(
      files.filter((f) => !f.endsWith(".csv")),
      [],
      "everything under input/ is uploaded and read by the job: keep notes in the generator",
    );
  });

  test("every CSV header equals the column list the lib declares", () => {
    const columns = JSON.parse(
      pythonOk(["-c", "import json, taxi_trips_lib as l; print(json.dumps(list(l.COLUMN_NAMES)))"]),
    ) as string[];
    assert.ok(columns.length > 0);
    for (const name of listFiles(inputDir)) {
      const header = readFileSync(path.join(inputDir, name), "utf8").split("\n", 1)[0] ?? "";
      assert.deepEqual(header.split(","), columns, `header of input/${name}`);
    }
  });

  test("the lib's validity rules drop exactly the deliberately invalid rows", () => {
    // Pure-Python evaluation of taxi_trips_lib.RULES over the committed files.
    const snippet = [
      "import csv, json, os, sys, taxi_trips_lib as lib",
      "d = sys.argv[1]; out = []",
      "for name in sorted(os.listdir(d)):",
      "    with open(os.path.join(d, name), newline='', encoding='utf-8') as f:",
      "        rows = list(csv.DictReader(f))",
      "    bad = [{'line': i + 2, 'reason': lib.invalid_reason(lib.parse_row(r))} for i, r in enumerate(rows)]",
      "    bad = [b for b in bad if b['reason'] is not None]",
      "    kept = sum(1 for r in rows if lib.is_valid_csv_row(r))",
      "    out.append({'file': name, 'rows': len(rows), 'kept': kept, 'invalid': bad})",
      "print(json.dumps(out))",
    ].join("\n");
    const checked = JSON.parse(pythonOk(["-c", snippet, inputDir])) as {
      file: string;
      rows: number;
      kept: number;
      invalid: { line: number; reason: string }[];
    }[];
    const report = JSON.parse(
      pythonOk([generator, "--out", path.join(tmp, "report"), "--json"]),
    ) as GeneratorReport;

    const counts: Record<string, number> = {};
    let rows = 0;
    let kept = 0;
    for (const f of checked) {
      rows += f.rows;
      kept += f.kept;
      assert.equal(f.kept + f.invalid.length, f.rows, `input/${f.file}: kept + dropped must be all rows`);
      for (const b of f.invalid) counts[b.reason] = (counts[b.reason] ?? 0) + 1;
    }
    const expectedInvalid = Object.values(EXPECTED_INVALID).reduce((a, b) => a + b, 0);
    assert.deepEqual(counts, EXPECTED_INVALID);
    assert.equal(rows - kept, expectedInvalid);
    assert.equal(kept, report.rows, "every generated valid trip is kept");
    // Same rows, same reasons, as the generator says it broke on purpose.
    assert.deepEqual(
      checked.map((f) => ({ file: f.file, rows: f.rows, invalid: f.invalid })),
      report.files,
    );
  });

  test("the lib's rules reject each kind of defect and accept a clean row", () => {
    const snippet = [
      "import json, taxi_trips_lib as lib",
      "ok = dict(VendorID='2', tpep_pickup_datetime='2024-01-02 10:00:00', tpep_dropoff_datetime='2024-01-02 10:12:00',",
      "          passenger_count='1', trip_distance='1.50', PULocationID='161', DOLocationID='237', payment_type='1',",
      "          fare_amount='10.00', tip_amount='2.00', total_amount='15.50')",
      "cases = {'clean': {}, 'zero-distance': {'trip_distance': '0'}, 'bad-number': {'fare_amount': 'ten'},",
      "         'negative-tip': {'tip_amount': '-0.01'}, 'same-time': {'tpep_dropoff_datetime': '2024-01-02 10:00:00'},",
      "         'reversed': {'tpep_dropoff_datetime': '2024-01-02 09:59:59'}, 'no-zone': {'PULocationID': ''}}",
      "print(json.dumps({k: lib.invalid_reason(lib.parse_row({**ok, **v})) for k, v in cases.items()}))",
    ].join("\n");
    assert.deepEqual(JSON.parse(pythonOk(["-c", snippet])), {
      clean: null,
      "zero-distance": "non-positive-trip_distance",
      "bad-number": "missing-fare_amount",
      "negative-tip": "negative-tip_amount",
      "same-time": null,
      reversed: "dropoff-before-pickup",
      "no-zone": "missing-PULocationID",
    });
  });
});

describe("python sources", () => {
  test("the entry points, the lib and the generator compile", () => {
    const sources = [...listFiles(scriptsDir).map((f) => path.join(scriptsDir, f)), lib, generator];
    const snippet =
      "import py_compile, sys\n" +
      "for i, src in enumerate(sys.argv[2:]):\n" +
      "    py_compile.compile(src, cfile=f'{sys.argv[1]}/{i}.pyc', doraise=True)";
    const r = python(["-c", snippet, path.join(tmp, "pyc"), ...sources]);
    assert.equal(r.status, 0, r.stderr);
  });

  test("the lib imports without pyspark", () => {
    const r = python(["-c", "import sys, taxi_trips_lib; assert 'pyspark' not in sys.modules"]);
    assert.equal(r.status, 0, r.stderr);
  });

  test("scripts/ holds only Spark entry points (every upload there starts a run)", () => {
    const files = listFiles(scriptsDir);
    assert.ok(files.length > 0);
    for (const f of files) {
      assert.ok(
        f.endsWith(".py") && !f.includes(path.sep),
        `scripts/${f} is not a top-level .py entry point`,
      );
      const text = readFileSync(path.join(scriptsDir, f), "utf8");
      assert.match(text, /^if __name__ == "__main__":$/m, `scripts/${f} has no __main__ block`);
    }
  });

  test("the entry point rejects a wrong argument count with usage and exit code 2", () => {
    for (const args of [[], ["s3://b/input/"], ["s3://b/input/", "s3://b/output/x/", "extra"]]) {
      const r = python([entryPoint, ...args]);
      assert.equal(r.status, 2, `args ${JSON.stringify(args)}: ${r.stderr}`);
      assert.match(r.stderr, /^usage: daily_zone_stats\.py <input-prefix> <output-prefix>$/m);
    }
  });

  test("the entry point refuses an output prefix that overlaps the input", () => {
    for (const [input, output] of [
      ["s3://b/input/", "s3://b/input/out/"],
      ["s3://b/input", "s3://b/input/"],
      ["s3://b/", "s3://b/output/x/"],
    ]) {
      const r = python([entryPoint, input ?? "", output ?? ""]);
      assert.equal(r.status, 2, `${input} -> ${output}: ${r.stderr}`);
      assert.match(r.stderr, /overlaps/);
    }
  });
});

describe("pod templates", () => {
  const cases = [
    { file: "driver.yaml", container: "spark-kubernetes-driver", component: "spark-driver" },
    { file: "executor.yaml", container: "spark-kubernetes-executor", component: "spark-executor" },
  ];
  for (const { file, container, component } of cases) {
    test(`${file} is an EMR-compatible pod template with emptyDir scratch space`, () => {
      const text = readFileSync(path.join(app, "pod-templates", file), "utf8");
      const pod = parse(text, { schema: "core" }) as {
        apiVersion: string;
        kind: string;
        metadata: { namespace?: string; labels: Record<string, string> };
        spec: {
          volumes: { name: string; emptyDir?: unknown; hostPath?: unknown }[];
          containers: {
            name: string;
            securityContext?: { runAsNonRoot?: boolean };
            volumeMounts?: { name: string }[];
          }[];
        };
      };
      assert.equal(pod.apiVersion, "v1");
      assert.equal(pod.kind, "Pod");
      assert.equal(pod.metadata.namespace, undefined, "EMR sets the namespace");
      assert.equal(pod.metadata.labels["app.kubernetes.io/part-of"], "taxi-trips");
      assert.equal(pod.metadata.labels["app.kubernetes.io/component"], component);
      assert.doesNotMatch(JSON.stringify(pod), /"hostPath"/, "hostPath volumes tie jobs to prepared nodes");
      const main = pod.spec.containers.find((c) => c.name === container);
      assert.ok(main, `no container named ${container}`);
      assert.equal(main.securityContext?.runAsNonRoot, true);
      const localDirs = pod.spec.volumes.filter((v) => v.name.startsWith("spark-local-dir-"));
      assert.ok(localDirs.length > 0, "no spark-local-dir-* volume");
      for (const v of localDirs) {
        assert.ok(v.emptyDir, `${v.name} is not an emptyDir`);
        assert.ok(
          main.volumeMounts?.some((m) => m.name === v.name),
          `${v.name} is not mounted in ${container}`,
        );
      }
    });
  }
});
