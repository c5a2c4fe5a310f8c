import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import { EdpError } from "../../src/errors.ts";
import { loadSchemaRegistry, type SchemaResult, type SchemaViolation } from "../../src/schemas/validator.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const registry = loadSchemaRegistry(path.join(repo, "schemas"));
const scratch = mkdtempSync(path.join(tmpdir(), "edp-validator-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function doc(yaml: string): Record<string, unknown> {
  return YAML.parse(yaml) as Record<string, unknown>;
}

function violations(result: SchemaResult): SchemaViolation[] {
  assert.equal(result.status, "invalid", JSON.stringify(result));
  return result.status === "invalid" ? result.violations : [];
}

// Real manifests: the ACK event-driven-pipeline example (aws-controllers-k8s/examples) and
// the shapes this repository's overlays use.
const VALID: Record<string, string> = {
  Bucket: `
apiVersion: s3.services.k8s.aws/v1alpha1
kind: Bucket
metadata:
  name: sparkjob-demo-bucket
spec:
  name: sparkjob-demo-bucket
  tagging:
    tagSet:
      - key: team
        value: data
`,
  StateMachine: `
apiVersion: sfn.services.k8s.aws/v1alpha1
kind: StateMachine
metadata:
  name: run-spark-job-ack
spec:
  name: run-spark-job-ack
  roleARN: "arn:aws:iam::111122223333:role/event-driven-pipeline-demo-sfn-execution-role"
  tags:
  - key: owner
    value: sfn-ack
  loggingConfiguration:
    level: ALL
    includeExecutionData: true
    destinations:
      - cloudWatchLogsLogGroup:
          logGroupARN: "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/vendedlogs/states/x:*"
  definition: |
    {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}
`,
  Rule: `
apiVersion: eventbridge.services.k8s.aws/v1alpha1
kind: Rule
metadata:
  name: eb-rule-ack
spec:
  name: eb-rule-ack
  description: "ACK EventBridge Filter Rule to sfn using event bus reference"
  eventPattern: |
    {"source": ["aws.s3"], "detail-type": ["Object Created"]}
  targets:
    - arn: arn:aws:states:us-west-2:111122223333:stateMachine:run-spark-job-ack
      id: sfn-run-spark-job-target
      roleARN: arn:aws:iam::111122223333:role/event-driven-pipeline-demo-eb-execution-role
      retryPolicy:
        maximumRetryAttempts: 0
        maximumEventAgeInSeconds: 3600
      deadLetterConfig:
        arn: arn:aws:sqs:us-west-2:111122223333:dlq
  tags:
    - key: owner
      value: eb-ack
`,
  VirtualCluster: `
apiVersion: emrcontainers.services.k8s.aws/v1alpha1
kind: VirtualCluster
metadata:
  name: my-ack-vc
spec:
  name: my-ack-vc
  containerProvider:
    id: event-driven-pipeline-demo
    type_: EKS
    info:
      eksInfo:
        namespace: emr-data-team-a
  tags:
    team: data
`,
  FieldExport: `
apiVersion: services.k8s.aws/v1alpha1
kind: FieldExport
metadata:
  name: taxi-trips-virtual-cluster-id
  namespace: flux-system
spec:
  from:
    path: ".status.id"
    resource:
      group: emrcontainers.services.k8s.aws
      kind: VirtualCluster
      name: taxi-trips
  to:
    kind: configmap
    name: taxi-trips-exports
    key: TAXI_TRIPS_VIRTUAL_CLUSTER_ID
`,
  Kustomization: `
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: taxi-trips
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps/taxi-trips/overlays/dev
  prune: true
  wait: true
  sourceRef:
    kind: GitRepository
    name: flux-system
  dependsOn:
    - name: ack-controllers
  postBuild:
    substituteFrom:
      - kind: ConfigMap
        name: cluster-vars
      - kind: ConfigMap
        name: taxi-trips-exports
        optional: true
`,
  GitRepository: `
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m0s
  ref:
    branch: main
  secretRef:
    name: flux-system
  url: ssh://git@github.com/example/edp-gitops
`,
  Namespace: `
apiVersion: v1
kind: Namespace
metadata:
  name: emr-data-team-a
  labels:
    app.kubernetes.io/part-of: edp
`,
  Role: `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: emr-containers
  namespace: emr-data-team-a
rules:
  - apiGroups: [""]
    resources: ["pods", "configmaps"]
    verbs: ["get", "list", "create", "delete"]
`,
  RoleBinding: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: emr-containers
  namespace: emr-data-team-a
subjects:
  - kind: User
    name: emr-containers
    apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: emr-containers
  apiGroup: rbac.authorization.k8s.io
`,
  ConfigMap: `
apiVersion: v1
kind: ConfigMap
metadata:
  name: taxi-trips-settings
  namespace: flux-system
data:
  TAXI_TRIPS_BUCKET: edp-taxi-trips-dev
  TAXI_TRIPS_EXECUTOR_INSTANCES: "2"
`,
};

describe("schema validator: real manifests", () => {
  for (const [kind, yaml] of Object.entries(VALID)) {
    test(`${kind} validates`, () => {
      assert.deepEqual(registry.validate(doc(yaml)), { status: "valid" });
    });
  }

  test("kinds() lists every generated kind as apiVersion/Kind", () => {
    const kinds = registry.kinds();
    for (const k of [
      "s3.services.k8s.aws/v1alpha1/Bucket",
      "kustomize.toolkit.fluxcd.io/v1/Kustomization",
      "v1/ConfigMap",
      "rbac.authorization.k8s.io/v1/RoleBinding",
    ]) {
      assert.ok(kinds.includes(k), k);
    }
    assert.deepEqual(kinds, [...kinds].sort());
  });
});

describe("schema validator: violations a user can act on", () => {
  test("a misspelt field names the nearest valid one, and the path points at the unknown key", () => {
    const rule = doc(VALID.Rule!.replace("      roleARN:", "      roleArn:"));
    const [v, ...rest] = violations(registry.validate(rule));
    assert.deepEqual(rest, []);
    assert.deepEqual(v!.path, ["spec", "targets", 0, "roleArn"]);
    assert.equal(v!.message, "unknown field 'roleArn' in spec.targets[0]; did you mean 'roleARN'?");
    assert.match(v!.hint ?? "", /^fields allowed here: .*roleARN/);
  });

  test("an unknown field with no near match gets no guess", () => {
    const bucket = doc(VALID.Bucket!.replace("spec:\n", "spec:\n  eventBridge: {}\n"));
    const [v] = violations(registry.validate(bucket));
    assert.equal(v!.message, "unknown field 'eventBridge' in spec");
    assert.deepEqual(v!.path, ["spec", "eventBridge"]);
  });

  test("metadata is checked too (strict ObjectMeta)", () => {
    const ns = doc(VALID.Namespace!.replace("  labels:", "  lables:"));
    assert.equal(
      violations(registry.validate(ns))[0]!.message,
      "unknown field 'lables' in metadata; did you mean 'labels'?",
    );
    const swapped = doc(VALID.Namespace!.replace("  name:", "  nmae:"));
    assert.equal(
      violations(registry.validate(swapped))[0]!.message,
      "unknown field 'nmae' in metadata; did you mean 'name'?",
    );
    const cm = doc(VALID.ConfigMap!.replace("  namespace:", "  namepsace:"));
    assert.equal(
      violations(registry.validate(cm))[0]!.message,
      "unknown field 'namepsace' in metadata; did you mean 'namespace'?",
    );
  });

  test("a wrong enum value lists the allowed values", () => {
    const fe = doc(VALID.FieldExport!.replace("kind: configmap", "kind: ConfigMap"));
    const [v, ...rest] = violations(registry.validate(fe));
    assert.deepEqual(rest, []);
    assert.deepEqual(v, {
      path: ["spec", "to", "kind"],
      message: "spec.to.kind: must be one of 'configmap', 'secret'; got 'ConfigMap'",
      hint: "did you mean 'configmap'?",
    });
  });

  test("a wrong type names the dotted path, the expected and the found type", () => {
    const rule = doc(VALID.Rule!.replace("maximumRetryAttempts: 0", 'maximumRetryAttempts: "0"'));
    const [v] = violations(registry.validate(rule));
    assert.deepEqual(v, {
      path: ["spec", "targets", 0, "retryPolicy", "maximumRetryAttempts"],
      message: "spec.targets[0].retryPolicy.maximumRetryAttempts: expected integer, got string '0'",
      hint: "remove the quotes around the value",
    });
    const cm = doc(VALID.ConfigMap!.replace('"2"', "2"));
    assert.equal(
      violations(registry.validate(cm))[0]!.message,
      "data.TAXI_TRIPS_EXECUTOR_INSTANCES: expected string, got integer 2",
    );
  });

  test("a missing required field names it and points at its parent", () => {
    const sm = doc(VALID.StateMachine!.replace(/ {2}definition: \|\n.*\n/, ""));
    assert.deepEqual(violations(registry.validate(sm)), [
      { path: ["spec"], message: "spec: missing required field 'definition'" },
    ]);
  });

  test("every problem in a document is reported, not just the first", () => {
    const fe = doc(
      VALID.FieldExport!.replace("kind: configmap", "kind: map").replace("    path:", "    pth:"),
    );
    const messages = violations(registry.validate(fe)).map((v) => v.message);
    assert.equal(messages.length, 3, messages.join("\n"));
    assert.ok(messages.includes("spec.from: missing required field 'path'"));
  });
});

describe("schema validator: nulls, unknown kinds, malformed objects", () => {
  test("null on optional fields passes (the API server prunes it), on required fields it fails", () => {
    const job = doc(`
apiVersion: emrcontainers.services.k8s.aws/v1alpha1
kind: JobRun
metadata:
  name: pi
spec:
  name: pi
  virtualClusterID: abc
  executionRoleARN: arn:aws:iam::111122223333:role/job
  releaseLabel: emr-7.9.0-latest
  jobDriver:
    sparkSubmitJobDriver:
      entryPoint: s3://bucket/scripts/pi.py
      entryPointArguments:
      sparkSubmitParameters:
  tags:
`);
    assert.deepEqual(registry.validate(job), { status: "valid" });
    const bucket = doc(
      VALID.Bucket!.replace("  name: sparkjob-demo-bucket\n  tagging", "  name:\n  tagging"),
    );
    assert.deepEqual(violations(registry.validate(bucket)), [
      { path: ["spec", "name"], message: "spec.name: has no value; expected string" },
    ]);
  });

  test("an unknown kind has no schema and says which files were tried", () => {
    assert.deepEqual(
      registry.validate({ apiVersion: "example.io/v1", kind: "Widget", metadata: { name: "w" } }),
      {
        status: "no-schema",
        tried: ["example.io/widget_v1.json", "widget-example-v1.json"],
      },
    );
    assert.deepEqual(registry.validate({ apiVersion: "v1", kind: "Pod" }), {
      status: "no-schema",
      tried: ["pod-v1.json"],
    });
    // A version edp has no schema for is no-schema too, not "valid".
    assert.equal(
      registry.validate({ apiVersion: "source.toolkit.fluxcd.io/v1beta2", kind: "GitRepository" }).status,
      "no-schema",
    );
  });

  test("an object without apiVersion or kind is invalid", () => {
    assert.deepEqual(violations(registry.validate({ kind: "ConfigMap" }))[0]!.path, ["apiVersion"]);
    assert.deepEqual(violations(registry.validate({ apiVersion: "v1" }))[0]!.path, ["kind"]);
  });

  test("a missing schemas folder is a ConfigError naming the command that creates it", () => {
    assert.throws(
      () => loadSchemaRegistry(path.join(scratch, "nope")),
      (e: unknown) => e instanceof EdpError && e.exitCode === 2 && /npm run schemas/.test(e.message),
    );
  });
});

describe("schema validator: other schema folders", () => {
  test("draft-04 schemas compile with ajv-draft-04; anyOf noise collapses into one message", () => {
    const dir = path.join(scratch, "draft04");
    cpSync(path.join(repo, "schemas"), dir, { recursive: true });
    writeFileSync(
      path.join(dir, "widget-example-v1.json"),
      JSON.stringify({
        $schema: "http://json-schema.org/draft-04/schema#",
        id: "widget",
        type: "object",
        properties: {
          spec: {
            type: "object",
            additionalProperties: false,
            properties: {
              replicas: { type: "integer", minimum: 0, exclusiveMinimum: true },
              size: { anyOf: [{ type: "integer" }, { type: "string", pattern: "^[0-9]+%$" }] },
              sizes: {
                type: "array",
                items: { anyOf: [{ type: "integer" }, { type: "string", pattern: "^[0-9]+%$" }] },
              },
              source: {
                type: "object",
                anyOf: [{ required: ["url"] }, { required: ["bucket"] }],
                properties: { url: { type: "string" }, bucket: { type: "string" } },
              },
            },
          },
        },
      }),
    );
    const local = loadSchemaRegistry(dir);
    const widget = (spec: Record<string, unknown>) => ({ apiVersion: "example.io/v1", kind: "Widget", spec });
    assert.deepEqual(local.validate(widget({ replicas: 1, size: "50%", source: { url: "u" } })), {
      status: "valid",
    });
    assert.deepEqual(
      violations(local.validate(widget({ replicas: 0, size: true, source: {} }))).map((v) => v.message),
      [
        "spec.replicas: must be > 0",
        "spec.size: expected integer or string, got boolean true",
        "spec.source: missing required field: one of 'url', 'bucket'",
      ],
    );
    // Array items share one schema path: each item's anyOf is explained on its own.
    assert.deepEqual(
      violations(local.validate(widget({ sizes: [1, true, "x%"] }))).map((v) => [v.path, v.message]),
      [
        [["spec", "sizes", 1], "spec.sizes[1]: expected integer or string, got boolean true"],
        [["spec", "sizes", 2], "spec.sizes[2]: 'x%' does not match the pattern ^[0-9]+%$"],
      ],
    );
    assert.deepEqual(violations(local.validate(widget({ size: "half" }))), [
      { path: ["spec", "size"], message: "spec.size: 'half' does not match the pattern ^[0-9]+%$" },
    ]);
  });

  test("each schema is compiled once: after first use the file is no longer read", () => {
    const dir = path.join(scratch, "cached");
    cpSync(path.join(repo, "schemas"), dir, { recursive: true });
    const local = loadSchemaRegistry(dir);
    const bucket = doc(VALID.Bucket!);
    assert.deepEqual(local.validate(bucket), { status: "valid" });
    writeFileSync(path.join(dir, "s3.services.k8s.aws/bucket_v1alpha1.json"), "not json");
    assert.deepEqual(local.validate(bucket), { status: "valid" });
    const fresh = loadSchemaRegistry(dir);
    assert.throws(() => fresh.validate(bucket), /bucket_v1alpha1\.json cannot be used .*npm run schemas/);
  });
});
