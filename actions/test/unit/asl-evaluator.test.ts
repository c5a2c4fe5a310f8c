import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluateIntrinsic, FIXED_UUID, parseIntrinsic } from "../../src/asl/intrinsics.ts";
import {
  evaluateExpression,
  evaluatePayloadTemplate,
  templateSourcePath,
  type EvaluationFailure,
} from "../../src/asl/payload-template.ts";
import { parseReferencePath, writePath } from "../../src/asl/reference-path.ts";
import { parseS3Url, sparkSubmitReferences } from "../../src/asl/s3-locations.ts";
import { simulate } from "../../src/asl/simulate.ts";
import { AslRuntimeError, UNKNOWN } from "../../src/asl/values.ts";

const INPUT = {
  detail: { bucket: { name: "b" }, object: { key: "scripts/daily_zone_stats.py" } },
  list: ["x", "y", "z"],
  "odd key": { "a,b": 1 },
  text: '{"n":1}',
};
const evaluate = (expression: string, input: unknown = INPUT) =>
  evaluateExpression(expression, { input, context: { Execution: { Name: "run-1" } } });

describe("reference paths", () => {
  it("parses dot, bracket and index segments", () => {
    assert.deepEqual(parseReferencePath("$"), []);
    assert.deepEqual(parseReferencePath("$.a.b"), ["a", "b"]);
    assert.deepEqual(parseReferencePath("$.a[0].detail-type"), ["a", 0, "detail-type"]);
    assert.deepEqual(parseReferencePath("$['odd key'][\"a,b\"]"), ["odd key", "a,b"]);
  });

  it("refuses JSONPath beyond reference paths instead of half-evaluating it", () => {
    for (const path of ["$..a", "$.a[*]", "$.a[?(@.b)]", "$.a[0:2]", "$.*", "a.b"])
      assert.equal(parseReferencePath(path), null, path);
  });

  it("reads values, and fails like Step Functions on a field that is not there", () => {
    assert.equal(evaluate("$.detail.object.key"), "scripts/daily_zone_stats.py");
    assert.equal(evaluate("$.list[2]"), "z");
    assert.equal(evaluate("$$.Execution.Name"), "run-1");
    assert.throws(() => evaluate("$.detail.objects"), AslRuntimeError);
    assert.throws(() => evaluate("$.list[3]"), AslRuntimeError);
  });

  it("yields UNKNOWN through unknown data, variables and unsupported paths", () => {
    assert.equal(evaluate("$.a.b", { a: UNKNOWN }), UNKNOWN);
    assert.equal(evaluate("$myVariable"), UNKNOWN);
    assert.equal(evaluate("$.list[*]"), UNKNOWN);
  });

  it("writes a ResultPath into a copy, creating objects on the way", () => {
    const input = { a: 1 };
    assert.deepEqual(writePath(input, ["job", "name"], "n"), { a: 1, job: { name: "n" } });
    assert.deepEqual(input, { a: 1 });
    assert.throws(() => writePath("text", ["job"], 1), AslRuntimeError);
  });
});

describe("intrinsic functions", () => {
  it("splits on every character of the delimiter argument and drops empty pieces", () => {
    assert.deepEqual(evaluate("States.StringSplit('This.is+a,test=string', '.+,=')"), [
      "This",
      "is",
      "a",
      "test",
      "string",
    ]);
    assert.deepEqual(evaluate("States.StringSplit($.detail.object.key, '/.')"), [
      "scripts",
      "daily_zone_stats",
      "py",
    ]);
    assert.deepEqual(evaluate("States.StringSplit('a,,b,', ',')"), ["a", "b"]);
  });

  it("nests calls and path arguments", () => {
    assert.equal(
      evaluate("States.ArrayGetItem(States.StringSplit($.detail.object.key, '/.'), 1)"),
      "daily_zone_stats",
    );
    assert.deepEqual(
      evaluate("States.Array(States.Format('s3://{}/in/', $.detail.bucket.name), 2, true, null)"),
      ["s3://b/in/", 2, true, null],
    );
    assert.equal(evaluate("States.ArrayLength($.list)"), 3);
    assert.equal(evaluate("States.Format('{}', $['odd key']['a,b'])"), "1");
  });

  it("formats with escapes and prints non-strings as JSON", () => {
    assert.equal(evaluate("States.Format('\\{literal\\} {} \\'q\\' {}', 'x', 3)"), "{literal} x 'q' 3");
    assert.throws(() => evaluate("States.Format('{} {}', 'only one')"), AslRuntimeError);
    assert.throws(() => evaluate("States.Format('{}', $.list)"), AslRuntimeError);
  });

  it("converts between JSON and strings", () => {
    assert.deepEqual(evaluate("States.StringToJson($.text)"), { n: 1 });
    assert.equal(evaluate("States.JsonToString($.detail.bucket)"), '{"name":"b"}');
    assert.throws(() => evaluate("States.StringToJson('not json')"), AslRuntimeError);
  });

  it("fails on an index out of range and returns a fixed UUID", () => {
    assert.throws(() => evaluate("States.ArrayGetItem($.list, 3)"), /out of range/);
    assert.equal(evaluate("States.UUID()"), FIXED_UUID);
    assert.equal(evaluate("States.MathAdd(2, -3)"), -1);
    assert.equal(evaluate("States.ArrayContains($.list, 'y')"), true);
    assert.deepEqual(evaluate("States.ArrayPartition($.list, 2)"), [["x", "y"], ["z"]]);
  });

  it("leaves unknown and unpredictable functions UNKNOWN, and keeps States.Array's other items", () => {
    assert.equal(evaluate("States.MathRandom(1, 9)"), UNKNOWN);
    assert.equal(evaluate("States.NoSuchThing($.list)"), UNKNOWN);
    assert.equal(evaluate("States.Format('s3://{}/', States.MathRandom(1, 9))"), UNKNOWN);
    assert.deepEqual(evaluate("States.Array('a', States.MathRandom(1, 9))"), ["a", UNKNOWN]);
  });

  it("rejects malformed calls", () => {
    assert.equal(parseIntrinsic("States.Format('unterminated)"), null);
    assert.equal(parseIntrinsic("States.Format('a') trailing"), null);
    assert.deepEqual(
      evaluateIntrinsic(parseIntrinsic("States.Array()") ?? { name: "", args: [] }, () => UNKNOWN),
      [],
    );
  });
});

describe("payload templates", () => {
  it("evaluates .$ fields at any depth, arrays included, and records failures with their location", () => {
    const failures: EvaluationFailure[] = [];
    const template = { a: [{ "k.$": "$.detail.bucket.name" }], "bad.$": "$.nope", plain: "x" };
    const out = evaluatePayloadTemplate(template, { input: INPUT, context: {}, failures }, ["P"]);
    assert.deepEqual(out, { a: [{ k: "b" }], bad: UNKNOWN, plain: "x" });
    assert.deepEqual(
      failures.map((f) => f.path),
      [["P", "bad.$"]],
    );
  });

  it("maps an evaluated location back to the field that produced it", () => {
    const template = { JobDriver: { S: { "EntryPoint.$": "$.x", Args: ["a", "b"] } } };
    assert.deepEqual(templateSourcePath(template, ["JobDriver", "S", "EntryPoint"], ["P"]), [
      "P",
      "JobDriver",
      "S",
      "EntryPoint.$",
    ]);
    assert.deepEqual(templateSourcePath(template, ["JobDriver", "S", "Args", 1], ["P"]), [
      "P",
      "JobDriver",
      "S",
      "Args",
      1,
    ]);
  });
});

describe("simulate", () => {
  it("runs Pass states with InputPath, Parameters, Result, ResultPath and OutputPath", () => {
    const { inputs, failures } = simulate(
      {
        StartAt: "A",
        States: {
          A: {
            Type: "Pass",
            InputPath: "$.detail",
            Parameters: { "k.$": "$.object.key" },
            ResultPath: "$.job",
            Next: "B",
          },
          B: { Type: "Pass", Result: { fixed: true }, ResultPath: "$.extra", OutputPath: "$.job", Next: "C" },
          C: { Type: "Pass", ResultPath: null, Next: "D" },
          D: { Type: "Succeed" },
        },
      },
      INPUT,
    );
    assert.deepEqual(failures, []);
    assert.deepEqual((inputs.get("B") as { job: unknown }).job, { k: "scripts/daily_zone_stats.py" });
    assert.deepEqual(inputs.get("C"), { k: "scripts/daily_zone_stats.py" });
    assert.deepEqual(inputs.get("D"), { k: "scripts/daily_zone_stats.py" });
  });

  it("passes a Choice's input to every branch, Task results as UNKNOWN, Parallel input into branches", () => {
    const { inputs } = simulate(
      {
        StartAt: "Pick",
        States: {
          Pick: { Type: "Choice", Choices: [{ Variable: "$.x", IsPresent: true, Next: "T" }], Default: "P" },
          T: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", ResultPath: "$.r", Next: "After" },
          After: { Type: "Succeed" },
          P: {
            Type: "Parallel",
            Branches: [{ StartAt: "In", States: { In: { Type: "Succeed" } } }],
            End: true,
          },
        },
      },
      { x: 1 },
    );
    assert.deepEqual(inputs.get("T"), { x: 1 });
    assert.deepEqual(inputs.get("P"), { x: 1 });
    assert.deepEqual(inputs.get("After"), { x: 1, r: UNKNOWN });
    assert.deepEqual(inputs.get("In"), { x: 1 });
  });

  it("records where a Pass state would fail for the input", () => {
    const { failures } = simulate(
      { StartAt: "A", States: { A: { Type: "Pass", Parameters: { "k.$": "$.missing" }, End: true } } },
      {},
    );
    assert.deepEqual(
      failures.map((f) => f.path),
      [["States", "A", "Parameters", "k.$"]],
    );
  });
});

describe("S3 locations in spark-submit parameters", () => {
  it("finds dependency lists and pod templates, in both --flag value and --flag=value forms", () => {
    const refs = sparkSubmitReferences(
      "--py-files s3://b/deps/a.py,s3://b/deps/b.zip --files=s3://b/f.txt --archives s3://b/env.tar.gz#env " +
        "--conf spark.kubernetes.executor.podTemplateFile=s3://b/pod-templates/e.yaml --conf spark.executor.cores=1 --jars 's3://b/x.jar'",
    );
    assert.deepEqual(
      refs.map((r) => [r.option, r.url, r.podTemplate]),
      [
        ["--py-files", "s3://b/deps/a.py", false],
        ["--py-files", "s3://b/deps/b.zip", false],
        ["--files", "s3://b/f.txt", false],
        ["--archives", "s3://b/env.tar.gz", false],
        ["--conf spark.kubernetes.executor.podTemplateFile", "s3://b/pod-templates/e.yaml", true],
        ["--jars", "s3://b/x.jar", false],
      ],
    );
  });

  it("parses s3 URLs only", () => {
    assert.deepEqual(parseS3Url("s3a://b/k/x.py"), { bucket: "b", key: "k/x.py" });
    assert.equal(parseS3Url("local:///opt/x.py"), null);
  });
});
