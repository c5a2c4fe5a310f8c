import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { main } from "../../src/cli.ts";
import type { CliIO } from "../../src/commands/types.ts";
import { s3ObjectCreatedEvent } from "../../src/eventbridge/s3-event.ts";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

let dir = "";

async function edp(args: string[], stdin = ""): Promise<Run> {
  const out = sink();
  const err = sink();
  const io: CliIO = {
    stdout: out.stream,
    stderr: err.stream,
    readStdin: async () => stdin,
    cwd: dir,
    env: {},
  };
  const code = await main(["test-pattern", ...args], io);
  return { code, stdout: out.text(), stderr: err.text() };
}

const TRIGGER = `{
  "source": ["aws.s3"],
  "detail-type": ["Object Created"],
  "detail": {
    "bucket": { "name": ["b"] },
    "object": { "key": [{ "wildcard": "scripts/*.py" }] }
  }
}
`;

const BROKEN = `{
  "source": ["aws.s3"],
  "detail": {
    "object": {
      "key": [{ "prefx": "scripts/" }],
      "size": [{ "numeric": [">", "0"] }]
    }
  }
}
`;

const jobEvent = JSON.stringify(s3ObjectCreatedEvent({ bucket: "b", key: "scripts/job.py", size: 8 }));
const csvEvent = JSON.stringify(s3ObjectCreatedEvent({ bucket: "b", key: "input/trips.csv", size: 8 }));

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "edp-test-pattern-"));
  await writeFile(path.join(dir, "trigger.json"), TRIGGER);
  await writeFile(path.join(dir, "broken.json"), BROKEN);
  await writeFile(path.join(dir, "not-json.json"), '{\n  "source": ["aws.s3",]\n}\n');
  await writeFile(path.join(dir, "job.json"), jobEvent);
  await writeFile(path.join(dir, "csv.json"), csvEvent);
  await writeFile(path.join(dir, "bad-event.json"), '{"source": "aws.s3"');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("edp test-pattern", () => {
  it("prints match and exits 0 when the event matches", async () => {
    const r = await edp(["--pattern", "trigger.json", "--event", "job.json"]);
    assert.deepEqual(r, { code: 0, stdout: "match\n", stderr: "" });
  });

  it("prints no match with the first failing field and exits 1", async () => {
    const r = await edp(["--pattern", "trigger.json", "--event", "csv.json"]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      'no match: detail.object.key: value "input/trips.csv" does not match [{"wildcard":"scripts/*.py"}]\n',
    );
    assert.equal(r.stderr, "");
  });

  it("lists every pattern problem with file:line:column and exits 2", async () => {
    const r = await edp(["--pattern", "broken.json", "--event", "job.json"]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 3);
    assert.match(
      lines[0] ?? "",
      /^broken\.json:5:\d+: detail\.object\.key\[0\]\.prefx: unknown operator "prefx"; did you mean "prefix"\?/,
    );
    assert.match(
      lines[1] ?? "",
      /^broken\.json:6:\d+: detail\.object\.size\[0\]\.numeric\[1\]: .*must be followed by a number/,
    );
    assert.match(lines[2] ?? "", /invalid event pattern \(2 problems\)/);
  });

  it("reports pattern JSON errors with their line and column", async () => {
    const r = await edp(["--pattern", "not-json.json", "--event", "job.json"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^not-json\.json: invalid JSON at line 2, column 23: trailing comma/);
  });

  it("reads the pattern from stdin with -", async () => {
    const r = await edp(["--pattern", "-", "--event", "job.json"], TRIGGER);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "match\n");
  });

  it("reads the event from stdin with -", async () => {
    const r = await edp(["--pattern", "trigger.json", "--event", "-"], csvEvent);
    assert.equal(r.code, 1);
  });

  it("labels stdin problems as <stdin>", async () => {
    const r = await edp(["--event", "job.json", "--pattern", "-"], '{"a": []}');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^<stdin>:1:7: a: empty arrays are not allowed/);
  });

  it("refuses stdin for both inputs", async () => {
    const r = await edp(["--pattern", "-", "--event", "-"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /only one of --pattern and --event can read standard input/);
  });

  it("exits 2 on an unknown flag", async () => {
    const r = await edp(["--pattern", "trigger.json", "--event", "job.json", "--verbose"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown option '--verbose'/);
  });

  it("exits 2 when a flag is missing", async () => {
    const r = await edp(["--pattern", "trigger.json"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--pattern and --event are both required/);
  });

  it("exits 2 when a file cannot be read", async () => {
    const r = await edp(["--pattern", "missing.json", "--event", "job.json"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read --pattern file 'missing\.json' \(ENOENT\)/);
  });

  it("exits 2 on a hostile 100,000-deep pattern, saying why (no stack overflow)", async () => {
    const deep = `${'{"a":'.repeat(100_000)}["x"]${"}".repeat(100_000)}`;
    const r = await edp(["--pattern", "-", "--event", "job.json"], deep);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nests deeper than 64 levels/);
    assert.doesNotMatch(r.stderr, /call stack|internal error/);
  });

  it("exits 2 when the event is not JSON, saying where", async () => {
    const r = await edp(["--pattern", "trigger.json", "--event", "bad-event.json"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad-event\.json:1:20: the event is not valid JSON: unexpected end of input/);
  });

  it("prints usage for --help and exits 0", async () => {
    const r = await edp(["--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: edp test-pattern --pattern FILE --event FILE/);
    assert.match(r.stdout, /Exit codes: 0 match, 1 no match, 2 invalid pattern/);
  });
});
