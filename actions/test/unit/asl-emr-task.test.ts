import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkStateMachineDefinition, type AslContext, type AslProblem } from "../../src/asl/index.ts";

// Shaped like apps/taxi-trips/base/pipeline/state-machine.asl.json: a Pass state reads the S3
// event, then a .sync startJobRun builds every S3 location from it with intrinsic functions.
const TEMPLATE = `{
  "QueryLanguage": "JSONPath",
  "StartAt": "Describe job",
  "States": {
    "Describe job": {
      "Type": "Pass",
      "Parameters": {
        "bucket.$": "$.detail.bucket.name",
        "key.$": "$.detail.object.key",
        "name.$": "States.ArrayGetItem(States.StringSplit($.detail.object.key, '/.'), 1)"
      },
      "ResultPath": "$.job",
      "Next": "Run Spark job"
    },
    "Run Spark job": {
      "Type": "Task",
      "Resource": "arn:aws:states:::emr-containers:startJobRun.sync",
      "Parameters": {
        "VirtualClusterId": "\${VIRTUAL_CLUSTER_ID}",
        "ExecutionRoleArn": "\${JOB_ROLE_ARN}",
        "ReleaseLabel": "\${RELEASE_LABEL}",
        "Name.$": "$.job.name",
        "JobDriver": {
          "SparkSubmitJobDriver": {
            "EntryPoint.$": "States.Format('s3://{}/{}', $.job.bucket, $.job.key)",
            "EntryPointArguments.$": "States.Array(States.Format('s3://{}/input/', $.job.bucket), States.Format('s3://{}/output/{}/', $.job.bucket, $.job.name))",
            "SparkSubmitParameters.$": "States.Format('--py-files s3://{}/deps/taxi_trips_lib.py --conf spark.executor.instances=\${EXECUTOR_INSTANCES} --conf spark.executor.memory=2g', $.job.bucket)"
          }
        },
        "ConfigurationOverrides": {
          "ApplicationConfiguration": [
            {
              "Classification": "spark-defaults",
              "Properties": {
                "spark.kubernetes.driver.podTemplateFile.$": "States.Format('s3://{}/pod-templates/driver.yaml', $.job.bucket)",
                "spark.kubernetes.executor.podTemplateFile.$": "States.Format('s3://{}/pod-templates/executor.yaml', $.job.bucket)",
                "spark.dynamicAllocation.enabled": "false"
              }
            }
          ],
          "MonitoringConfiguration": {
            "S3MonitoringConfiguration": { "LogUri.$": "States.Format('s3://{}/logs/', $.job.bucket)" }
          }
        }
      },
      "ResultPath": "$.jobRun",
      "Retry": [{ "ErrorEquals": ["EMRContainers.ThrottlingException"], "IntervalSeconds": 30, "MaxAttempts": 3, "BackoffRate": 2 }],
      "Catch": [{ "ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Job failed" }],
      "End": true
    },
    "Job failed": { "Type": "Fail", "Error": "SparkJobFailed", "CausePath": "$.error.Cause" }
  }
}`;

const VALUES: Record<string, string> = {
  VIRTUAL_CLUSTER_ID: "k3x9q2m7v1w8z4r6t0y5u2p8a",
  JOB_ROLE_ARN: "arn:aws:iam::123456789012:role/taxi-trips-dev-job",
  RELEASE_LABEL: "emr-7.1.0-latest",
  EXECUTOR_INSTANCES: "2",
};

const BUCKET = "edp-taxi-trips-dev";
const TASK = ["States", "Run Spark job"];
const PARAMS = [...TASK, "Parameters"];
const SUBMIT = [...PARAMS, "JobDriver", "SparkSubmitJobDriver"];
const PROPERTIES = [...PARAMS, "ConfigurationOverrides", "ApplicationConfiguration", 0, "Properties"];

/** What the caller does before checking: substitute ${VAR} (unknown ones are left as they are). */
function substitute(text: string, values: Record<string, string> = VALUES): string {
  return text.replace(/\$\{(\w+)\}/g, (whole: string, name: string) => values[name] ?? whole);
}

type Path = (string | number)[];
type Edit = [Path, unknown] | [Path];

/** The substituted definition with edits applied: [path, value] sets, [path] deletes. */
function definitionWith(...edits: Edit[]): string {
  const definition: unknown = JSON.parse(substitute(TEMPLATE));
  for (const [path, ...value] of edits) {
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], definition);
    const key = path[path.length - 1] ?? "";
    if (value.length === 0) delete (parent as Record<string | number, unknown>)[key];
    else (parent as Record<string | number, unknown>)[key] = value[0];
  }
  return JSON.stringify(definition, null, 2);
}

function s3Event(key: string, bucket = BUCKET): Record<string, unknown> {
  return {
    version: "0",
    id: "17793124-05d4-b198-2fde-7ededc63b103",
    "detail-type": "Object Created",
    source: "aws.s3",
    account: "123456789012",
    time: "2024-01-01T00:00:00Z",
    region: "eu-west-1",
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: "0",
      bucket: { name: bucket },
      object: { key, size: 2048, etag: "d41d8cd98f00b204e9800998ecf8427e" },
      reason: "PutObject",
    },
  };
}

function context(overrides: Partial<AslContext> = {}): AslContext {
  return {
    bucket: BUCKET,
    uploadedKeys: new Set([
      "scripts/daily_zone_stats.py",
      "deps/taxi_trips_lib.py",
      "pod-templates/driver.yaml",
      "pod-templates/executor.yaml",
    ]),
    triggerKeys: ["scripts/daily_zone_stats.py"],
    sampleEvent: (key) => s3Event(key),
    ...overrides,
  };
}

const errors = (problems: AslProblem[]) => problems.filter((p) => p.severity === "error");
const warnings = (problems: AslProblem[]) => problems.filter((p) => p.severity === "warning");

describe("asl/emr-task on the taxi-trips state machine", () => {
  it("finds nothing wrong with the substituted definition", () => {
    assert.deepEqual(checkStateMachineDefinition(substitute(TEMPLATE), context()), []);
  });

  it("reports a literal pod template path in another environment's bucket", () => {
    const text = definitionWith(
      [[...PROPERTIES, "spark.kubernetes.driver.podTemplateFile.$"]],
      [
        [...PROPERTIES, "spark.kubernetes.driver.podTemplateFile"],
        "s3://edp-taxi-trips-prod/pod-templates/driver.yaml",
      ],
    );
    const problems = checkStateMachineDefinition(text, context());
    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0]?.path, [...PROPERTIES, "spark.kubernetes.driver.podTemplateFile"]);
    assert.equal(problems[0]?.kind, "emr-task");
    assert.equal(problems[0]?.severity, "error");
    assert.match(
      problems[0]?.message ?? "",
      /points at bucket edp-taxi-trips-prod, this environment's bucket is edp-taxi-trips-dev/,
    );
  });

  it("reports a pod template the repository does not upload, on the field that builds it", () => {
    const uploaded = new Set([
      "scripts/daily_zone_stats.py",
      "deps/taxi_trips_lib.py",
      "pod-templates/driver.yaml",
    ]);
    const problems = checkStateMachineDefinition(substitute(TEMPLATE), context({ uploadedKeys: uploaded }));
    assert.deepEqual(
      problems.map((p) => [p.severity, p.path]),
      [["error", [...PROPERTIES, "spark.kubernetes.executor.podTemplateFile.$"]]],
    );
    assert.match(
      problems[0]?.message ?? "",
      /s3:\/\/edp-taxi-trips-dev\/pod-templates\/executor\.yaml is not a file this repository uploads/,
    );
  });

  it("reports a pod template under the entry points' prefix: uploading it would start a run", () => {
    const text = substitute(TEMPLATE).replace("pod-templates/driver.yaml", "scripts/driver.yaml");
    const uploaded = new Set([...context().uploadedKeys, "scripts/driver.yaml"]);
    const problems = checkStateMachineDefinition(text, context({ uploadedKeys: uploaded }));
    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0]?.path, [...PROPERTIES, "spark.kubernetes.driver.podTemplateFile.$"]);
    assert.match(
      problems[0]?.message ?? "",
      /under the trigger prefix scripts\/: uploading the pod template would start a run/,
    );
  });

  it("reports a missing ExecutionRoleArn on the task's Parameters", () => {
    const problems = checkStateMachineDefinition(
      definitionWith([[...PARAMS, "ExecutionRoleArn"]]),
      context(),
    );
    assert.deepEqual(
      problems.map((p) => [p.severity, p.path, p.message]),
      [
        [
          "error",
          PARAMS,
          'State "Run Spark job": Parameters.ExecutionRoleArn is missing; startJobRun needs it',
        ],
      ],
    );
  });

  it("reports a variable left unsubstituted, also inside a States.Format template", () => {
    const { RELEASE_LABEL: _release, EXECUTOR_INSTANCES: _instances, ...values } = VALUES;
    const problems = checkStateMachineDefinition(substitute(TEMPLATE, values), context());
    assert.deepEqual(
      errors(problems).map((p) => [p.path, p.message]),
      [
        [
          [...PARAMS, "ReleaseLabel"],
          'State "Run Spark job": ${RELEASE_LABEL} was not substituted; define the variable for this environment',
        ],
        [
          [...SUBMIT, "SparkSubmitParameters.$"],
          'State "Run Spark job": ${EXECUTOR_INSTANCES} was not substituted; define the variable for this environment',
        ],
      ],
    );
  });

  it("reports a malformed ReleaseLabel and warns about a pre-6.x one", () => {
    const malformed = checkStateMachineDefinition(
      substitute(TEMPLATE, { ...VALUES, RELEASE_LABEL: "emr-7.1.0" }),
      context(),
    );
    assert.deepEqual(
      malformed.map((p) => [p.severity, p.path]),
      [["error", [...PARAMS, "ReleaseLabel"]]],
    );
    assert.match(malformed[0]?.message ?? "", /ReleaseLabel "emr-7\.1\.0" is not an EMR release label/);

    const old = checkStateMachineDefinition(
      substitute(TEMPLATE, { ...VALUES, RELEASE_LABEL: "emr-5.33.0-20210323" }),
      context(),
    );
    assert.deepEqual(
      old.map((p) => [p.severity, p.path]),
      [["warning", [...PARAMS, "ReleaseLabel"]]],
    );

    for (const label of [
      "emr-6.14.0-java17-al2023-20231005",
      "emr-7.1.0-20240321",
      "emr-6.12.0-spark-rapids-java17-latest",
    ]) {
      assert.deepEqual(
        checkStateMachineDefinition(substitute(TEMPLATE, { ...VALUES, RELEASE_LABEL: label }), context()),
        [],
        label,
      );
    }
  });

  it("reports a VirtualClusterId or role that does not have the right shape", () => {
    const problems = checkStateMachineDefinition(
      substitute(TEMPLATE, {
        ...VALUES,
        VIRTUAL_CLUSTER_ID: "taxi-trips",
        JOB_ROLE_ARN: "arn:aws:iam::123456789012:user/bob",
      }),
      context(),
    );
    assert.deepEqual(
      problems.map((p) => [p.severity, p.path]),
      [
        ["error", [...PARAMS, "VirtualClusterId"]],
        ["error", [...PARAMS, "ExecutionRoleArn"]],
      ],
    );
    assert.match(problems[0]?.message ?? "", /does not look like an EMR on EKS virtual cluster ID/);
    assert.match(problems[1]?.message ?? "", /is not an IAM role ARN/);
  });

  it("accepts the cluster ID and role from paths in the event and checks their values", () => {
    const text = definitionWith(
      [["States", "Describe job", "Parameters", "cluster"], "not a cluster id"],
      [[...PARAMS, "VirtualClusterId"]],
      [[...PARAMS, "VirtualClusterId.$"], "$.job.cluster"],
    );
    const problems = checkStateMachineDefinition(text, context());
    assert.deepEqual(
      problems.map((p) => p.path),
      [[...PARAMS, "VirtualClusterId.$"]],
    );
  });

  it("reports dependencies and arguments outside this environment", () => {
    const text = definitionWith(
      [[...SUBMIT, "EntryPointArguments.$"]],
      [
        [...SUBMIT, "EntryPointArguments"],
        ["--input", "s3://edp-taxi-trips-prod/input/", `--output=s3://${BUCKET}/output/`],
      ],
      [
        [...SUBMIT, "SparkSubmitParameters.$"],
        "States.Format('--py-files s3://{}/deps/taxi_trips_lib.py,s3://{}/deps/missing.zip --archives s3://{}/deps/env.tar.gz#env', $.job.bucket, $.job.bucket, $.job.bucket)",
      ],
    );
    const problems = checkStateMachineDefinition(text, context());
    assert.deepEqual(
      problems.map((p) => [p.path, p.message.replace('State "Run Spark job": ', "")]),
      [
        [
          [...SUBMIT, "EntryPointArguments", 1],
          `EntryPointArguments[1] s3://edp-taxi-trips-prod/input/ points at bucket edp-taxi-trips-prod, this environment's bucket is ${BUCKET}`,
        ],
        [
          [...SUBMIT, "SparkSubmitParameters.$"],
          `SparkSubmitParameters --py-files s3://${BUCKET}/deps/missing.zip is not a file this repository uploads: Spark would fail to fetch it`,
        ],
        [
          [...SUBMIT, "SparkSubmitParameters.$"],
          `SparkSubmitParameters --archives s3://${BUCKET}/deps/env.tar.gz is not a file this repository uploads: Spark would fail to fetch it`,
        ],
      ],
    );
  });

  it("says which upload hits a problem when only some trigger keys do", () => {
    // The entry point is rebuilt from the job name: scripts/etl/run.py would run s3://…/scripts/etl.py.
    const text = substitute(TEMPLATE).replace(
      "States.Format('s3://{}/{}', $.job.bucket, $.job.key)",
      "States.Format('s3://{}/scripts/{}.py', $.job.bucket, $.job.name)",
    );
    const keys = ["scripts/daily_zone_stats.py", "scripts/etl/run.py"];
    const problems = checkStateMachineDefinition(
      text,
      context({ triggerKeys: keys, uploadedKeys: new Set([...context().uploadedKeys, ...keys]) }),
    );
    assert.deepEqual(
      problems.map((p) => p.path),
      [[...SUBMIT, "EntryPoint.$"]],
    );
    assert.match(
      problems[0]?.message ?? "",
      /EntryPoint s3:\/\/edp-taxi-trips-dev\/scripts\/etl\.py is not a file this repository uploads.*\(for an upload of scripts\/etl\/run\.py\)$/,
    );
  });

  it("warns where the run would fail for the sample event (a path the event does not have)", () => {
    const text = substitute(TEMPLATE).replace(
      '"key.$": "$.detail.object.key"',
      '"key.$": "$.detail.object.name"',
    );
    const problems = checkStateMachineDefinition(text, context());
    assert.deepEqual(
      problems.map((p) => [p.severity, p.path]),
      [["warning", ["States", "Describe job", "Parameters", "key.$"]]],
    );
    assert.match(
      problems[0]?.message ?? "",
      /would fail at run time .*\$\.detail\.object\.name does not exist/,
    );
  });

  it("skips fields built with functions it does not evaluate, without a finding", () => {
    const text = substitute(TEMPLATE).replace(
      "States.Format('s3://{}/{}', $.job.bucket, $.job.key)",
      "States.Format('s3://other-bucket/{}', States.MathRandom(1, 9))",
    );
    assert.deepEqual(checkStateMachineDefinition(text, context()), []);
  });

  it("follows Task results written beside the job description (ResultPath keeps the rest of the input)", () => {
    const text = definitionWith(
      [["States", "Describe job", "Next"], "Audit"],
      [
        ["States", "Audit"],
        {
          Type: "Task",
          Resource: "arn:aws:states:::lambda:invoke",
          Parameters: { FunctionName: "audit" },
          ResultPath: "$.audit",
          Next: "Run Spark job",
        },
      ],
      [
        [...PROPERTIES, "spark.kubernetes.executor.podTemplateFile.$"],
        "States.Format('s3://{}/pod-templates/executor.yaml', 'edp-taxi-trips-staging')",
      ],
    );
    const problems = checkStateMachineDefinition(text, context());
    assert.deepEqual(
      problems.map((p) => p.path),
      [[...PROPERTIES, "spark.kubernetes.executor.podTemplateFile.$"]],
    );
    assert.match(problems[0]?.message ?? "", /points at bucket edp-taxi-trips-staging/);
  });

  it("checks only what does not depend on the event when no upload starts the machine", () => {
    const text = substitute(TEMPLATE, { ...VALUES, RELEASE_LABEL: "7.1.0" }).replace(
      "pod-templates/driver.yaml",
      "missing/driver.yaml",
    );
    const problems = checkStateMachineDefinition(text, context({ triggerKeys: [] }));
    assert.deepEqual(
      problems.map((p) => p.path),
      [[...PARAMS, "ReleaseLabel"]],
    );
  });

  it("warns about fire-and-forget tasks and missing Retry and Catch", () => {
    const text = definitionWith(
      [[...TASK, "Resource"], "arn:aws:states:::emr-containers:startJobRun"],
      [[...TASK, "Retry"]],
      [[...TASK, "Catch"]],
      [["States", "Job failed"]],
    );
    const problems = checkStateMachineDefinition(text, context());
    assert.deepEqual(errors(problems), []);
    assert.deepEqual(
      warnings(problems).map((p) => [p.path, p.message.split(":")[0]]),
      [
        [[...TASK, "Resource"], 'State "Run Spark job" calls startJobRun without .sync'],
        [TASK, 'State "Run Spark job" has no Retry'],
        [TASK, 'State "Run Spark job" has no Catch'],
      ],
    );
  });

  it("warns about a virtual cluster ID written as a literal in the repository", () => {
    const raw = TEMPLATE.replace("${VIRTUAL_CLUSTER_ID}", VALUES.VIRTUAL_CLUSTER_ID ?? "");
    const problems = checkStateMachineDefinition(substitute(raw), context({ unsubstitutedDefinition: raw }));
    assert.deepEqual(
      problems.map((p) => [p.severity, p.path]),
      [["warning", [...PARAMS, "VirtualClusterId"]]],
    );
    assert.match(problems[0]?.message ?? "", /hard-coded/);
    // The substituted form alone is fine.
    assert.deepEqual(
      checkStateMachineDefinition(substitute(raw), context({ unsubstitutedDefinition: TEMPLATE })),
      [],
    );
  });

  it("checks the literal parts of a JSONata task's Arguments and skips its expressions", () => {
    const text = JSON.stringify({
      QueryLanguage: "JSONata",
      StartAt: "Run",
      States: {
        Run: {
          Type: "Task",
          Resource: "arn:aws:states:::emr-containers:startJobRun.sync",
          Arguments: {
            VirtualClusterId: VALUES.VIRTUAL_CLUSTER_ID,
            ExecutionRoleArn: VALUES.JOB_ROLE_ARN,
            ReleaseLabel: "{% $states.input.release %}",
            JobDriver: {
              SparkSubmitJobDriver: {
                EntryPoint:
                  "{% 's3://' & $states.input.detail.bucket.name & '/' & $states.input.detail.object.key %}",
                SparkSubmitParameters: "--py-files s3://someone-elses-bucket/deps/taxi_trips_lib.py",
              },
            },
          },
          Retry: [{ ErrorEquals: ["States.ALL"] }],
          Catch: [{ ErrorEquals: ["States.ALL"], Next: "Failed" }],
          End: true,
        },
        Failed: { Type: "Fail" },
      },
    });
    const problems = checkStateMachineDefinition(text, context());
    assert.deepEqual(
      problems.map((p) => [p.kind, p.path]),
      [
        [
          "emr-task",
          ["States", "Run", "Arguments", "JobDriver", "SparkSubmitJobDriver", "SparkSubmitParameters"],
        ],
      ],
    );
    assert.match(problems[0]?.message ?? "", /points at bucket someone-elses-bucket/);
  });

  it("ignores tasks that are not startJobRun", () => {
    const text = definitionWith([[...TASK, "Resource"], "arn:aws:states:::lambda:invoke"]);
    assert.deepEqual(checkStateMachineDefinition(text, context()), []);
  });

  it("reports schema problems and EMR problems together", () => {
    const text = definitionWith([[...TASK, "ResultPath"], "jobRun"], [[...PARAMS, "ReleaseLabel"], "latest"]);
    const problems = checkStateMachineDefinition(text, context());
    assert.deepEqual(
      problems.map((p) => [p.kind, p.path]).filter(([, path]) => (path as unknown[]).length > 2),
      [
        ["definition", [...TASK, "ResultPath"]],
        ["emr-task", [...PARAMS, "ReleaseLabel"]],
      ],
    );
  });

  it("never throws on malformed shapes (schema errors are asl-validator's to report)", () => {
    const shapes: unknown[] = [
      null,
      [],
      "text",
      { StartAt: "T", States: [] },
      { StartAt: "T", States: { T: null } },
      {
        StartAt: "T",
        States: {
          T: { Type: "Task", Resource: "arn:aws:states:::emr-containers:startJobRun.sync", Parameters: "x" },
        },
      },
      {
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: "arn:aws:states:::emr-containers:startJobRun.sync",
            InputPath: 7,
            Parameters: {
              JobDriver: [],
              ConfigurationOverrides: { ApplicationConfiguration: [null, { Properties: [] }] },
            },
            Next: 3,
          },
        },
      },
      {
        StartAt: "P",
        States: {
          P: {
            Type: "Pass",
            Parameters: { "a.$": 5, "b.$": "States.Format(" },
            ResultPath: "$[0]",
            Next: "T",
          },
          T: {
            Type: "Task",
            Resource: "arn:aws:states:::emr-containers:startJobRun",
            Parameters: { "VirtualClusterId.$": "$.a" },
            End: true,
          },
        },
      },
    ];
    for (const shape of shapes) {
      const problems = checkStateMachineDefinition(JSON.stringify(shape), context());
      assert.ok(Array.isArray(problems));
      assert.ok(
        problems.some((p) => p.kind === "definition" || p.severity === "error"),
        JSON.stringify(shape),
      );
    }
  });
});
