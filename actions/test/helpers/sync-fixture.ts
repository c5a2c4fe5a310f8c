/**
 * Fixtures for the sync tests: temporary Git repositories with a demo pipeline, the rendered
 * objects of its environment (for tests that do not need kustomize), moto-side wiring (the
 * live rule and state machine), a fake clock and in-process CLI IO.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { CreateStateMachineCommand, UpdateStateMachineCommand } from "@aws-sdk/client-sfn";
import type { RenderedObject } from "../../src/model/manifest.ts";
import type { CliIO } from "../../src/commands/types.ts";
import { createAwsClients, type AwsClients } from "../../src/sync/aws/clients.ts";
import type { Clock, RenderFn } from "../../src/sync/types.ts";
import { TEST_CREDENTIALS, TEST_REGION } from "./moto.ts";

export const ACCOUNT = "123456789012";

/** Credentials for the SDK's standard chain (the sync never takes them any other way). */
export function useTestCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  process.env.AWS_REGION = TEST_REGION;
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
}

export function motoClients(endpoint: string): AwsClients {
  useTestCredentials();
  // Few attempts with moto: a test that expects a failure should not sit in backoff.
  return createAwsClients({
    endpoint,
    env: { ...process.env, AWS_MAX_ATTEMPTS: process.env.AWS_MAX_ATTEMPTS ?? "3" },
  });
}

export const DEMO_PATTERN = {
  source: ["aws.s3"],
  "detail-type": ["Object Created"],
  detail: { bucket: { name: ["BUCKET"] }, object: { key: [{ wildcard: "scripts/*.py" }] } },
};

export const DEMO_DEFINITION = JSON.stringify({
  Comment: "demo",
  StartAt: "Run",
  States: { Run: { Type: "Pass", Result: { cluster: "3c5lk6wxqpk2c8ldd8lzy5e2m" }, End: true } },
});

/** The definition as it is live: ACK put the real virtual cluster ID where Git has the example. */
export const LIVE_DEFINITION = DEMO_DEFINITION.replace(
  "3c5lk6wxqpk2c8ldd8lzy5e2m",
  "0123456789abcdefghijklmno",
);

export interface DemoNames {
  bucket: string;
  rule: string;
  stateMachine: string;
  definition?: string;
  ruleState?: "ENABLED" | "DISABLED";
}

export function demoNames(suffix: string): DemoNames {
  return { bucket: `edp-demo-${suffix}`, rule: `demo-${suffix}-uploaded`, stateMachine: `demo-${suffix}` };
}

export function demoPattern(bucket: string): Record<string, unknown> {
  return JSON.parse(JSON.stringify(DEMO_PATTERN).replace("BUCKET", bucket)) as Record<string, unknown>;
}

/** The default demo pipeline files (repo-relative path → content). */
export function demoFiles(extra: Record<string, string | Buffer> = {}): Record<string, string | Buffer> {
  return {
    "apps/demo/pipeline.yaml": [
      "sources:",
      "  - {dir: deps, prefix: deps/}",
      "  - {dir: pod-templates, prefix: pod-templates/}",
      "  - {dir: input, prefix: input/}",
      "  - {dir: scripts, prefix: scripts/}",
      "",
    ].join("\n"),
    "apps/demo/infra/bucket.yaml": "# rendered objects are stubbed in most tests\n",
    "apps/demo/deps/lib.py": "def helper():\n    return 42\n",
    "apps/demo/pod-templates/driver.yaml": "apiVersion: v1\nkind: Pod\n",
    "apps/demo/input/a.csv": "id,value\n1,10\n",
    "apps/demo/input/b.csv": "id,value\n2,20\n",
    "apps/demo/scripts/job.py": "print('hello')\n",
    "apps/demo/scripts/README.txt": "scripts that start a run\n",
    "clusters/variables.yaml": VARIABLES_YAML,
    ...extra,
  };
}

/**
 * A real GitOps tree for the demo pipeline (rendered by the same renderer as `edp validate`):
 * a Flux Kustomization in clusters/dev and plain manifests with Flux variables.
 */
export function gitopsFiles(
  names: DemoNames,
  extra: Record<string, string | Buffer> = {},
): Record<string, string | Buffer> {
  const pattern = JSON.stringify(demoPattern(names.bucket));
  const definition = (names.definition ?? DEMO_DEFINITION).replace(
    "3c5lk6wxqpk2c8ldd8lzy5e2m",
    "${DEMO_VIRTUAL_CLUSTER_ID}",
  );
  return demoFiles({
    "clusters/dev/demo.yaml": [
      "apiVersion: kustomize.toolkit.fluxcd.io/v1",
      "kind: Kustomization",
      "metadata: {name: demo, namespace: flux-system}",
      "spec:",
      "  interval: 10m",
      "  path: ./apps/demo/overlays/dev",
      "  prune: true",
      "  sourceRef: {kind: GitRepository, name: flux-system}",
      "  postBuild:",
      "    substituteFrom:",
      "      - {kind: ConfigMap, name: cluster-vars}",
      "      - {kind: ConfigMap, name: demo-exports}",
      "",
    ].join("\n"),
    "apps/demo/overlays/dev/bucket.yaml": [
      "apiVersion: s3.services.k8s.aws/v1alpha1",
      "kind: Bucket",
      "metadata: {name: demo, namespace: demo}",
      `spec: {name: ${names.bucket}}`,
      "",
    ].join("\n"),
    "apps/demo/overlays/dev/rule.yaml": [
      "apiVersion: eventbridge.services.k8s.aws/v1alpha1",
      "kind: Rule",
      "metadata: {name: demo, namespace: demo}",
      "spec:",
      `  name: ${names.rule}`,
      `  eventPattern: '${pattern}'`,
      `  state: ${names.ruleState ?? "ENABLED"}`,
      "  targets:",
      "    - id: sfn",
      `      arn: arn:aws:states:\${AWS_REGION}:\${AWS_ACCOUNT_ID}:stateMachine:${names.stateMachine}`,
      "",
    ].join("\n"),
    "apps/demo/overlays/dev/state-machine.yaml": [
      "apiVersion: sfn.services.k8s.aws/v1alpha1",
      "kind: StateMachine",
      "metadata: {name: demo, namespace: demo}",
      "spec:",
      `  name: ${names.stateMachine}`,
      `  roleARN: arn:aws:iam::\${AWS_ACCOUNT_ID}:role/demo-sfn`,
      `  definition: '${definition}'`,
      "",
    ].join("\n"),
    ...extra,
  });
}

const VARIABLES_YAML = `variables:
  AWS_ACCOUNT_ID:
    description: account
    provider: terraform
    example: "111122223333"
    pattern: '^\\d{12}$'
  AWS_REGION:
    description: region
    provider: terraform
    example: eu-west-1
    pattern: '^[a-z]{2}(-[a-z]+)+-\\d$'
  DEMO_VIRTUAL_CLUSTER_ID:
    description: virtual cluster
    provider: ack-field-export
    configMap: flux-system/demo-exports
    example: 3c5lk6wxqpk2c8ldd8lzy5e2m
    pattern: '^[0-9a-z]{25}$'
`;

const tempDirs: string[] = [];

/** A committed Git repository holding `files`. */
export function makeRepo(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "edp-sync-"));
  tempDirs.push(dir);
  writeFiles(dir, files);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  commit(dir, "initial");
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
    },
  });
}

export function commit(dir: string, message: string): void {
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "--allow-empty", "-m", message);
}

export function removeTempDirs(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** The rendered objects of the demo environment, as the renderer would give them. */
export function demoObjects(names: DemoNames, environment = "dev"): RenderedObject[] {
  const obj = (
    apiVersion: string,
    kind: string,
    name: string,
    origin: string,
    spec: Record<string, unknown>,
  ): RenderedObject => ({
    environment,
    kustomization: "demo",
    apiVersion,
    kind,
    name,
    namespace: "demo",
    object: { apiVersion, kind, metadata: { name, namespace: "demo" }, spec },
    origin,
    locate: () => ({ file: origin, line: null }),
  });
  return [
    obj("s3.services.k8s.aws/v1alpha1", "Bucket", "demo", "apps/demo/infra/bucket.yaml", {
      name: names.bucket,
    }),
    obj("eventbridge.services.k8s.aws/v1alpha1", "Rule", "demo", "apps/demo/pipeline/rule.yaml", {
      name: names.rule,
      eventPattern: JSON.stringify(demoPattern(names.bucket)),
      state: names.ruleState ?? "ENABLED",
      // Rendered with the example values, as `edp validate` renders Terraform-provided variables.
      targets: [
        { id: "sfn", arn: `arn:aws:states:eu-west-1:111122223333:stateMachine:${names.stateMachine}` },
      ],
    }),
    obj("sfn.services.k8s.aws/v1alpha1", "StateMachine", "demo", "apps/demo/pipeline/state-machine.yaml", {
      name: names.stateMachine,
      definition: names.definition ?? DEMO_DEFINITION,
      roleARN: "arn:aws:iam::111122223333:role/demo-sfn",
    }),
  ];
}

export function renderStub(objects: RenderedObject[], environment = "dev"): RenderFn {
  return async () => ({ environments: [{ name: environment, objects }], problems: [] });
}

/** Creates in moto what Flux and ACK would: the bucket, the rule (targeting the state machine) and the state machine. */
export async function createLive(
  clients: AwsClients,
  names: DemoNames,
  options: { bucket?: boolean; definition?: string; extraTargets?: { Id: string; Arn: string }[] } = {},
): Promise<{ stateMachineArn: string }> {
  if (options.bucket ?? true) await clients.s3.send(new CreateBucketCommand({ Bucket: names.bucket }));
  const sm = await clients.sfn.send(
    new CreateStateMachineCommand({
      name: names.stateMachine,
      definition: options.definition ?? LIVE_DEFINITION,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/demo-sfn`,
    }),
  );
  await clients.eventbridge.send(
    new PutRuleCommand({
      Name: names.rule,
      EventPattern: JSON.stringify(demoPattern(names.bucket)),
      State: names.ruleState ?? "ENABLED",
    }),
  );
  await clients.eventbridge.send(
    new PutTargetsCommand({
      Rule: names.rule,
      Targets: [
        { Id: "sfn", Arn: sm.stateMachineArn!, RoleArn: `arn:aws:iam::${ACCOUNT}:role/demo-events` },
        ...(options.extraTargets ?? []),
      ],
    }),
  );
  return { stateMachineArn: sm.stateMachineArn! };
}

export async function updateDefinition(
  clients: AwsClients,
  stateMachineArn: string,
  definition: string,
): Promise<void> {
  await clients.sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition }));
}

/** A clock whose sleep returns at once (advancing time) after running an optional hook. */
export function fakeClock(onSleep?: (slept: number) => Promise<void> | void): Clock & { sleeps: number } {
  let now = Date.now();
  const clock = {
    sleeps: 0,
    now: () => now,
    sleep: async (ms: number) => {
      clock.sleeps++;
      now += ms;
      await onSleep?.(clock.sleeps);
    },
  };
  return clock;
}

/** CLI IO capturing stdout and stderr. */
export function captureIO(
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): CliIO & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        append(chunk.toString());
        cb();
      },
    });
  return {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    readStdin: async () => "",
    cwd,
    env,
    out: () => out,
    err: () => err,
  };
}
