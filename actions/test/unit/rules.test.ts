/**
 * Every validate rule on in-memory input (no kustomize, git or repository copy): each case is a
 * realistic broken input and a valid variant, both run through the engine with every rule.
 * The broken input must produce the rule's finding at the expected file, line and environment;
 * the valid one must not produce that rule at all. Render problems are fed as the renderer
 * returns them (validate-rules.test.ts proves the renderer produces them).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import type { Finding } from "../../src/model/finding.ts";
import type { RenderProblem } from "../../src/render/problems.ts";
import type { VariableDeclarations } from "../../src/render/variables.ts";
import { RULES, type RuleId } from "../../src/validate/catalog.ts";
import type { PipelineProblem } from "../../src/validate/context.ts";
import { checkEnvironment, checkRepository } from "../../src/validate/engine.ts";
import { emptyConfig, parseConfig, settleFindings } from "../../src/validate/settings/index.ts";
import {
  environmentContext,
  exampleValues,
  inMemoryEnvironment,
  lineOf,
  pipelineUploads,
  REPO_ROOT,
  renderProblem,
  repositoryContext,
  repoVariables,
  prepareValidators,
  variablesFromText,
  type InMemoryEnvironment,
  type PipelineInput,
} from "../helpers/in-memory-environment.ts";
import {
  FILES,
  taxiTripsFiles,
  taxiTripsOwnerOf,
  taxiTripsPipeline,
  taxiTripsSettings,
} from "../helpers/taxi-trips-fixture.ts";

let VARIABLES: VariableDeclarations;
const VARIABLES_TEXT = readFileSync(path.join(REPO_ROOT, "clusters/variables.yaml"), "utf8");

/** What one run sees: environments from source text, and what the render reported. */
interface Scenario {
  environments: {
    name: string;
    files: Record<string, string>;
    /** Git-provided values (default: the environment's settings ConfigMap). */
    settings?: Record<string, string>;
    /** Default: taxi-trips with the files Git tracks today; null: no pipeline. */
    pipeline?: PipelineInput | null;
  }[];
  /** Default: the repository's clusters/variables.yaml. */
  variables?: () => VariableDeclarations;
  allowKinds?: string[];
  renderProblems?: RenderProblem[];
  pipelineProblems?: PipelineProblem[];
  complete?: boolean;
  /** The text of .edp.yaml (default: none). */
  config?: string;
}

interface Expected {
  file: string;
  line: number | null;
  environment: string | null;
  message?: RegExp;
  severity?: "error" | "warning";
}

interface Case {
  name: string;
  rule: RuleId;
  broken: Scenario;
  valid: Scenario;
  expect: Expected;
  /** Rules the same break rightly sets off too. */
  alsoFires?: RuleId[];
}

type EnvironmentScenario = Scenario["environments"][number];

/**
 * The engine's public path: object and environment rules per environment, then repository
 * rules. An environment's own findings are computed once per input (most valid variants share
 * the same dev environment), so the table stays fast.
 */
function run(s: Scenario): Finding[] {
  const variables = s.variables?.() ?? VARIABLES;
  const checked = s.environments.map((e) => checkedEnvironment(e, variables, s.allowKinds ?? []));
  const findings = checked.flatMap((c) => c.findings);
  const ctx = repositoryContext({
    environments: checked.map((c) => c.env),
    variables,
    renderProblems: s.renderProblems,
    pipelineProblems: s.pipelineProblems,
    complete: s.complete,
  });
  checkRepository(RULES, ctx, findings);
  // Then the suppressions and .edp.yaml, as validateRepository applies them.
  const files = Object.assign({}, ...s.environments.map((e) => e.files)) as Record<string, string>;
  return settleFindings(findings, {
    repoRoot: REPO_ROOT,
    rules: RULES,
    config: s.config === undefined ? emptyConfig() : parseConfig(s.config, RULE_IDS),
    manifests: ctx.manifests,
    readText: (file) => files[file] ?? null,
    complete: ctx.complete,
  }).findings;
}

const RULE_IDS = RULES.map((r) => r.id);

const checkedEnvironments = new WeakMap<
  EnvironmentScenario,
  Map<string, { env: InMemoryEnvironment; findings: Finding[] }>
>();
const variablesIds = new WeakMap<VariableDeclarations, number>();
let nextVariablesId = 0;

function checkedEnvironment(
  e: EnvironmentScenario,
  variables: VariableDeclarations,
  allowKinds: string[],
): { env: InMemoryEnvironment; findings: Finding[] } {
  if (!variablesIds.has(variables)) variablesIds.set(variables, ++nextVariablesId);
  const key = `${variablesIds.get(variables)}|${allowKinds.join(",")}`;
  const byKey = checkedEnvironments.get(e) ?? new Map();
  checkedEnvironments.set(e, byKey);
  let hit = byKey.get(key);
  if (!hit) {
    const env = inMemoryEnvironment({
      name: e.name,
      files: e.files,
      ownerOf: taxiTripsOwnerOf,
      values: exampleValues(variables, e.settings ?? taxiTripsSettings(e.name)),
    });
    const pipeline = e.pipeline === undefined ? taxiTripsPipeline() : e.pipeline;
    const pipelines = pipeline ? [pipelineUploads(env, pipeline)] : [];
    const findings: Finding[] = [];
    checkEnvironment(RULES, environmentContext(env, { variables, pipelines, allowKinds }), findings);
    byKey.set(key, (hit = { env, findings }));
  }
  return { env: hit.env, findings: [...hit.findings] };
}

// ---- inputs -----------------------------------------------------------------------------------

/** One environment of taxi-trips, with the given edits (each `from` must occur exactly once). */
function dev(...edits: Edit[]): Scenario {
  if (edits.length === 0) return (DEV ??= { environments: [{ name: "dev", files: taxiTripsFiles("dev") }] });
  return { environments: [{ name: "dev", files: edited(taxiTripsFiles("dev"), edits) }] };
}

/** Dev as it is: one scenario object, so its environment is checked once for the whole table. */
let DEV: Scenario | undefined;

/**
 * [file, from, to] replaces `from` (which must occur exactly once); [file, null, text] adds the
 * file; [file, null, null] removes it.
 */
type Edit = [file: string, from: string | null, to: string | null];

function edited(files: Record<string, string>, edits: Edit[]): Record<string, string> {
  const out = { ...files };
  for (const [file, from, to] of edits) {
    if (to === null && from === null) {
      delete out[file];
      continue;
    }
    const text = out[file];
    if (from === null || text === undefined) {
      out[file] = to ?? "";
      continue;
    }
    const at = text.indexOf(from);
    assert.ok(at >= 0 && text.indexOf(from, at + 1) < 0, `'${from}' must occur once in ${file}`);
    out[file] = text.replace(from, to ?? "");
  }
  return out;
}

/** The text of a file after edits (to find the line a finding must point at). */
function textOf(file: string, ...edits: Edit[]): string {
  return edited(taxiTripsFiles("dev"), edits)[file] ?? "";
}

/** A render problem in dev, and the same environment rendered without it. */
function withProblem(problem: RenderProblem): { broken: Scenario; valid: Scenario } {
  return { broken: { ...dev(), renderProblems: [problem] }, valid: dev() };
}

const DEV_FLUX = FILES.flux("dev");
const EXTRA = "apps/taxi-trips/base/infra/extra.yaml";
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: taxi-trips-ui
  namespace: taxi-trips
spec: {}
`;
const SOURCE_REF_TYPO: Edit = [
  DEV_FLUX,
  "    name: flux-system\n  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-vars\n      - kind",
  "    name: fluxsystem\n  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-vars\n      - kind",
];
/** substituteFrom[1] of taxi-trips-pipeline (its "- kind: ConfigMap" line). */
const SETTINGS_SOURCE_LINE =
  lineOf(taxiTripsFiles("dev")[FILES.flux("dev")], "        name: taxi-trips-settings") - 1;
const SM = FILES.stateMachine;
const RULE = FILES.rule;
const BROKEN_FLUX_TAB = textOf(DEV_FLUX, [
  DEV_FLUX,
  "  interval: 10m\n  path: ./apps/taxi-trips/overlays/dev/infra",
  "\tinterval: 10m\n  path: ./apps/taxi-trips/overlays/dev/infra",
]);
const DEV_KUSTOMIZATION = "apps/taxi-trips/overlays/dev/pipeline/kustomization.yaml";
const DEV_KUSTOMIZATION_TEXT = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../../base/pipeline
patches:
  - path: name.yaml
`;
const DEV_INFRA_KUSTOMIZATION = "apps/taxi-trips/overlays/dev/infra/kustomization.yaml";
const REMOTE_BASE_TEXT = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../../base/infra
  - https://github.com/example/repo//base?ref=v1
`;
const UNUSED_VARIABLE = `${VARIABLES_TEXT}  TAXI_TRIPS_SHUFFLE_PARTITIONS:
    description: spark.sql.shuffle.partitions for the daily job.
    provider: git
    configMap: flux-system/taxi-trips-settings
    example: "200"
`;

const cases: Case[] = [
  // ---- yaml, render: problems the renderer returns -------------------------------------------
  {
    name: "a tab used for indentation in a cluster file",
    rule: "yaml/parse-error",
    ...withProblem(
      renderProblem("yaml-parse-error", {
        message: "tab used for indentation: YAML allows only spaces; replace the tabs with spaces",
        file: DEV_FLUX,
        line: lineOf(BROKEN_FLUX_TAB, "\tinterval"),
        environment: "dev",
      }),
    ),
    expect: {
      file: DEV_FLUX,
      line: lineOf(BROKEN_FLUX_TAB, "\tinterval"),
      environment: "dev",
      message: /tab/,
    },
  },
  {
    name: "a patch file that does not exist",
    rule: "render/kustomize-failed",
    ...withProblem(
      renderProblem("kustomize-failed", {
        message:
          "kustomize build failed: Error: accumulating resources: open name.yaml: no such file or directory",
        file: DEV_KUSTOMIZATION,
        line: lineOf(DEV_KUSTOMIZATION_TEXT, "name.yaml"),
        environment: "dev",
        resource: "Kustomization/taxi-trips-pipeline",
      }),
    ),
    expect: {
      file: DEV_KUSTOMIZATION,
      line: lineOf(DEV_KUSTOMIZATION_TEXT, "name.yaml"),
      environment: "dev",
      message: /name\.yaml/,
    },
  },
  {
    name: "a pipeline folder that cannot be listed",
    rule: "render/kustomize-failed",
    broken: {
      ...dev(),
      pipelineProblems: [
        {
          environment: "dev",
          message: "cannot list the files of apps/taxi-trips: git ls-files failed",
          file: "apps/taxi-trips/pipeline.yaml",
        },
      ],
    },
    valid: dev(),
    expect: { file: "apps/taxi-trips/pipeline.yaml", line: null, environment: "dev", message: /cannot list/ },
  },
  {
    name: "a YAML file Flux would apply with no apiVersion/kind",
    rule: "render/not-a-manifest",
    ...withProblem(
      renderProblem("not-a-manifest", {
        message:
          "document has no apiVersion/kind: Flux applies every YAML file in this directory and would fail on it",
        file: "clusters/dev/notes.yaml",
        line: 1,
        environment: "dev",
      }),
    ),
    expect: { file: "clusters/dev/notes.yaml", line: 1, environment: "dev" },
  },
  // ---- vars --------------------------------------------------------------------------------
  {
    name: "a declared variable with no provider",
    rule: "vars/declaration-invalid",
    ...withProblem(
      renderProblem("variables-invalid", {
        message: "variable AWS_REGION: provider must be one of terraform, ack-field-export, git",
        file: "clusters/variables.yaml",
        line: lineOf(VARIABLES_TEXT, "  AWS_REGION:"),
        environment: null,
      }),
    ),
    expect: {
      file: "clusters/variables.yaml",
      line: lineOf(VARIABLES_TEXT, "  AWS_REGION:"),
      environment: null,
      message: /provider/,
    },
  },
  {
    name: "a ${VARIABLE} nobody declared",
    rule: "vars/undeclared",
    broken: dev([RULE, "  description: Starts", "  description: ${TEAM_NAME} starts"]),
    valid: dev(),
    expect: {
      file: RULE,
      line: lineOf(
        textOf(RULE, [RULE, "  description: Starts", "  description: ${TEAM_NAME} starts"]),
        "TEAM_NAME",
      ),
      environment: "dev",
      message: /TEAM_NAME/,
    },
  },
  {
    name: "a declared variable no manifest uses",
    rule: "vars/unused",
    broken: { ...dev(), complete: true, variables: () => variablesFromText(UNUSED_VARIABLE) },
    valid: { ...dev(), complete: true },
    expect: {
      file: "clusters/variables.yaml",
      line: lineOf(UNUSED_VARIABLE, "  TAXI_TRIPS_SHUFFLE_PARTITIONS:"),
      environment: null,
      message: /TAXI_TRIPS_SHUFFLE_PARTITIONS/,
      severity: "warning",
    },
  },
  {
    name: "a git-provided value of the wrong shape",
    rule: "vars/value-shape",
    broken: {
      environments: [
        {
          name: "dev",
          files: edited(taxiTripsFiles("dev"), [
            [FILES.settings("dev"), "TAXI_TRIPS_EXECUTOR_MEMORY: 2g", "TAXI_TRIPS_EXECUTOR_MEMORY: lots"],
          ]),
          settings: { ...taxiTripsSettings("dev"), TAXI_TRIPS_EXECUTOR_MEMORY: "lots" },
        },
      ],
    },
    valid: dev(),
    expect: {
      file: FILES.settings("dev"),
      line: lineOf(textOf(FILES.settings("dev")), "TAXI_TRIPS_EXECUTOR_MEMORY"),
      environment: "dev",
      message: /lots/,
    },
  },
  // ---- flux --------------------------------------------------------------------------------
  {
    name: "a git-provided setting removed: strict substitution fails",
    rule: "flux/variable-unresolved",
    ...withProblem(
      renderProblem("variable-unresolved", {
        message: "${TAXI_TRIPS_EXECUTOR_MEMORY} has no value in Kustomization taxi-trips-pipeline",
        file: SM,
        line: lineOf(textOf(SM), "TAXI_TRIPS_EXECUTOR_MEMORY"),
        environment: "dev",
        resource: "StateMachine/taxi-trips",
      }),
    ),
    expect: { file: SM, line: lineOf(textOf(SM), "spark.executor.memory"), environment: "dev" },
  },
  {
    name: "substituteFrom a ConfigMap nothing provides",
    rule: "flux/substitute-source-missing",
    ...withProblem(
      renderProblem("substitute-source-missing", {
        message:
          "substituteFrom ConfigMap 'taxi-trips-setings' is neither in this repository nor a declared provider",
        file: DEV_FLUX,
        line: SETTINGS_SOURCE_LINE,
        environment: "dev",
        resource: "Kustomization/taxi-trips-pipeline",
      }),
    ),
    expect: { file: DEV_FLUX, line: SETTINGS_SOURCE_LINE, environment: "dev", message: /taxi-trips-setings/ },
  },
  {
    name: "spec.path that does not exist",
    rule: "flux/path-missing",
    ...withProblem(
      renderProblem("path-missing", {
        message: "spec.path './apps/taxi-trips/overlays/dev/pipelines' does not exist in the repository",
        file: DEV_FLUX,
        line: lineOf(textOf(DEV_FLUX), "overlays/dev/pipeline"),
        environment: "dev",
        resource: "Kustomization/taxi-trips-pipeline",
      }),
    ),
    expect: {
      file: DEV_FLUX,
      line: lineOf(textOf(DEV_FLUX), "overlays/dev/pipeline"),
      environment: "dev",
      message: /pipelines/,
    },
  },
  {
    name: "spec.path that leaves the repository",
    rule: "flux/path-invalid",
    ...withProblem(
      renderProblem("path-outside-repository", {
        message:
          "spec.path '../other-repo/apps' leaves the repository; paths are relative to the source root",
        file: DEV_FLUX,
        line: lineOf(textOf(DEV_FLUX), "overlays/dev/infra"),
        environment: "dev",
        resource: "Kustomization/taxi-trips-infra",
      }),
    ),
    expect: {
      file: DEV_FLUX,
      line: lineOf(textOf(DEV_FLUX), "overlays/dev/infra"),
      environment: "dev",
      message: /leaves the repository/,
    },
  },
  {
    name: "a resource that is a link out of the repository",
    rule: "render/link-outside-repository",
    ...withProblem(
      renderProblem("link-outside-repository", {
        message: `${DEV_INFRA_KUSTOMIZATION} reads 'passwd.yaml', which is or passes through a link to /etc/passwd, outside the repository`,
        file: DEV_INFRA_KUSTOMIZATION,
        line: 4,
        environment: "dev",
        resource: "Kustomization/taxi-trips-infra",
      }),
    ),
    expect: { file: DEV_INFRA_KUSTOMIZATION, line: 4, environment: "dev", message: /outside the repository/ },
  },
  {
    name: "the pipeline substitutes the infra's exports without depending on it",
    rule: "flux/substitute-dependency",
    broken: dev([DEV_FLUX, "  dependsOn:\n    - name: taxi-trips-infra\n", ""]),
    valid: dev(),
    expect: {
      file: DEV_FLUX,
      line: SETTINGS_SOURCE_LINE - 2,
      environment: "dev",
      message: /created by Kustomization taxi-trips-infra, which taxi-trips-pipeline does not depend on/,
    },
  },
  {
    name: "a remote base in an overlay",
    rule: "flux/remote-base",
    ...withProblem(
      renderProblem("remote-base", {
        message: `${DEV_INFRA_KUSTOMIZATION} pulls remote base 'https://github.com/example/repo//base?ref=v1'`,
        file: DEV_INFRA_KUSTOMIZATION,
        line: lineOf(REMOTE_BASE_TEXT, "https://"),
        environment: "dev",
        resource: "Kustomization/taxi-trips-infra",
      }),
    ),
    expect: {
      file: DEV_INFRA_KUSTOMIZATION,
      line: lineOf(REMOTE_BASE_TEXT, "https://"),
      environment: "dev",
      message: /remote base/,
    },
  },
  editCase("sourceRef names a GitRepository that does not exist", "flux/source-missing", [SOURCE_REF_TYPO], {
    file: DEV_FLUX,
    needle: "name: fluxsystem",
    message: /fluxsystem/,
  }),
  editCase(
    "dependsOn a Kustomization that does not exist",
    "flux/dependency-missing",
    [[DEV_FLUX, "    - name: taxi-trips-infra", "    - name: taxi-trips-infrastructure"]],
    { file: DEV_FLUX, needle: "taxi-trips-infrastructure", message: /taxi-trips-infrastructure/ },
    // Rightly: with the typo the pipeline no longer depends on what creates its ConfigMaps.
    ["flux/substitute-dependency"],
  ),
  editCase(
    "two Kustomizations depend on each other",
    "flux/dependency-cycle",
    [
      [
        DEV_FLUX,
        "  name: taxi-trips-infra\n  namespace: flux-system\nspec:\n",
        "  name: taxi-trips-infra\n  namespace: flux-system\nspec:\n  dependsOn:\n    - name: taxi-trips-pipeline\n",
      ],
    ],
    // Reported once, at the dependsOn entry that closes the cycle.
    { file: DEV_FLUX, needle: "    - name: taxi-trips-infra", message: /cycle/ },
  ),
  // ---- schema ------------------------------------------------------------------------------
  editCase(
    "a misspelt field, with the right spelling suggested",
    "schema/invalid",
    [[SM, "  roleARN:", "  roleArn:"]],
    {
      file: SM,
      needle: "roleArn:",
      message: /roleARN/,
    },
  ),
  // ---- aws (AWS API constraints the CRDs drop) -----------------------------------------------
  editCase(
    "a Rule state AWS does not know (ENABLE for ENABLED)",
    "aws/api-constraint",
    [[RULE, "state: ENABLED", "state: ENABLE"]],
    {
      file: RULE,
      needle: "state: ENABLE",
      message: /"ENABLE" is not a value AWS accepts.*did you mean ENABLED\?/,
    },
  ),
  editCase(
    "a retry policy beyond EventBridge's 185 attempts",
    "aws/api-constraint",
    [
      [
        RULE,
        "      deadLetterConfig:",
        "      retryPolicy:\n        maximumRetryAttempts: 200\n        maximumEventAgeInSeconds: 3600\n      deadLetterConfig:",
      ],
    ],
    { file: RULE, needle: "maximumRetryAttempts: 200", message: /200 is above AWS's maximum of 185/ },
  ),
  editCase(
    "a state machine name longer than Step Functions' 80 characters",
    "aws/api-constraint",
    [[SM, "  name: taxi-trips-dev", `  name: taxi-trips-dev-${"nightly-zone-statistics-".repeat(3)}`]],
    { file: SM, needle: "  name: taxi-trips-dev-", message: /characters; AWS accepts at most 80/ },
    ["wiring/rule-target-missing"],
  ),
  editCase(
    "a state machine name with a space",
    "aws/api-constraint",
    [[SM, "  name: taxi-trips-dev", "  name: taxi trips dev"]],
    { file: SM, needle: "  name: taxi trips dev", message: /no white space/ },
    ["wiring/rule-target-missing"],
  ),
  editCase(
    "a bucket name with capitals and an underscore",
    "aws/api-constraint",
    [[FILES.bucket, "name: edp-taxi-trips-dev", "name: EDP_taxi-trips-dev"]],
    { file: FILES.bucket, needle: "name: EDP_taxi-trips-dev", message: /lowercase letters/ },
    ["wiring/rule-bucket-missing"],
  ),
  editCase(
    "an EXPRESS state machine running the Spark job with .sync",
    "aws/express-integration-pattern",
    [[SM, "type_: STANDARD", "type_: EXPRESS"]],
    {
      file: SM,
      needle: '"Resource": "arn:aws:states:::emr-containers:startJobRun.sync"',
      message: /EXPRESS state machine/,
    },
  ),
  editCase(
    "a state machine target without a role",
    "aws/target-role",
    [[RULE, "      roleARN: ${TAXI_TRIPS_EVENTS_ROLE_ARN}\n", ""]],
    { file: RULE, needle: "    - id: start-state-machine", message: /no roleARN/ },
  ),
  editCase(
    "a dead-letter queue that is an SNS topic",
    "aws/rule-targets",
    [[RULE, "arn: ${TAXI_TRIPS_DLQ_ARN}", "arn: arn:aws:sns:eu-west-1:111122223333:taxi-trips-dlq"]],
    { file: RULE, needle: "arn: arn:aws:sns:", message: /is not an SQS queue/ },
    ["trap/literal-account-id"],
  ),
  editCase(
    "six targets on one rule",
    "aws/rule-targets",
    [
      [
        RULE,
        "  targets:\n",
        "  targets:\n" +
          [1, 2, 3, 4, 5]
            .map(
              (n) =>
                `    - id: extra-${n}\n      arn: arn:aws:states:\${AWS_REGION}:\${AWS_ACCOUNT_ID}:stateMachine:taxi-trips-dev\n      roleARN: \${TAXI_TRIPS_EVENTS_ROLE_ARN}\n`,
            )
            .join(""),
      ],
    ],
    { file: RULE, needle: "    - id: start-state-machine", message: /6 targets; EventBridge allows 5/ },
  ),
  editCase(
    "a rule whose event pattern was deleted",
    "aws/rule-schedule",
    [[RULE, / {2}eventPattern: \|\n(?: {4}.*\n)*/.exec(taxiTripsFiles("dev")[RULE]!)![0], ""]],
    { file: RULE, needle: "spec:", message: /neither an eventPattern nor a scheduleExpression/ },
  ),
  editCase(
    "a notification task calling a service Step Functions does not integrate",
    "asl/unknown-integration",
    [
      [SM, '"ResultPath": "$.error", "Next": "Job failed"', '"ResultPath": "$.error", "Next": "Save error"'],
      [
        SM,
        '        "Job failed": {',
        '        "Save error": {\n          "Type": "Task",\n          "Resource": "arn:aws:states:::s3:putObject",\n          "Parameters": { "Bucket.$": "$.job.bucket", "Key": "errors/last.json", "Body.$": "$.error" },\n          "ResultPath": null,\n          "Next": "Job failed"\n        },\n        "Job failed": {',
      ],
    ],
    {
      file: SM,
      needle: '"Resource": "arn:aws:states:::s3:putObject"',
      message: /names 's3', which is not a Step Functions integration/,
    },
  ),
  {
    name: "a kind with no schema (the valid variant allow-lists it)",
    rule: "schema/unknown-kind",
    broken: dev([EXTRA, null, DEPLOYMENT]),
    valid: { ...dev([EXTRA, null, DEPLOYMENT]), allowKinds: ["apps/v1/Deployment"] },
    expect: { file: EXTRA, line: lineOf(DEPLOYMENT, "kind:"), environment: "dev", message: /Deployment/ },
  },
  // ---- asl ---------------------------------------------------------------------------------
  editCase(
    "a Next that names no state",
    "asl/invalid",
    [[SM, '"Next": "Run Spark job"', '"Next": "Run Spark jobs"']],
    { file: SM, needle: '"Next": "Run Spark jobs"', message: /Run Spark jobs/ },
  ),
  editCase(
    "a pod template the pipeline does not upload",
    "asl/emr-task",
    [[SM, "pod-templates/driver.yaml", "pod-templates/drivers.yaml"]],
    { file: SM, needle: "drivers.yaml", message: /drivers\.yaml/ },
  ),
  // ---- eventpattern ------------------------------------------------------------------------
  editCase(
    "an unknown operator, with the nearest valid one",
    "eventpattern/invalid",
    [[RULE, '"wildcard"', '"wildcards"']],
    { file: RULE, needle: "wildcards", message: /wildcard/ },
    ["eventpattern/no-trigger"],
  ),
  editCase(
    "the entry points would never start a run",
    "eventpattern/no-trigger",
    [[RULE, '"scripts/*.py"', '"jobs/*.py"']],
    { file: RULE, needle: '"key"', message: /daily_zone_stats\.py/ },
  ),
  editCase(
    "uploading input data would start runs",
    "eventpattern/data-triggers",
    [[RULE, '{ "wildcard": "scripts/*.py" }', '{ "prefix": "" }']],
    // The pattern reaches past the entry points' folder: the fix is the pattern, not the files.
    {
      file: RULE,
      needle: '"key": [{ "prefix": "" }]',
      message: /outside the entry points' folder \(.*input\/.*\)/,
    },
    // The pod templates would start runs too, which the EMR task check says from its side.
    ["asl/emr-task"],
  ),
  // ---- wiring ------------------------------------------------------------------------------
  editCase(
    "the rule starts a state machine this environment lacks",
    "wiring/rule-target-missing",
    [[RULE, "stateMachine:taxi-trips-dev", "stateMachine:taxi-trips"]],
    { file: RULE, needle: "arn: arn:aws:states", message: /'taxi-trips'/ },
  ),
  editCase(
    "the pattern watches another bucket",
    "wiring/rule-bucket-missing",
    [[RULE, '"${TAXI_TRIPS_BUCKET}"', '"someone-elses-bucket"']],
    { file: RULE, needle: '"name"', message: /someone-elses-bucket/ },
  ),
  editCase("a disabled rule", "wiring/rule-disabled", [[RULE, "state: ENABLED", "state: DISABLED"]], {
    file: RULE,
    needle: "state: DISABLED",
    message: /DISABLED/,
    severity: "warning",
  }),
  editCase(
    "no EMR RBAC in the virtual cluster's namespace",
    "wiring/virtual-cluster-namespace",
    [[FILES.rbac, null, null]],
    { file: FILES.virtualCluster, needle: "        namespace: taxi-trips", message: /RoleBinding/ },
  ),
  editCase(
    "no to.key: ACK writes an invalid Flux variable name",
    "wiring/field-export",
    [[FILES.export, "    key: TAXI_TRIPS_VIRTUAL_CLUSTER_ID\n", ""]],
    { file: FILES.export, needle: "    name: taxi-trips-exports", message: /to\.key/ },
  ),
  editCase(
    "the exported ConfigMap is not protected from Flux",
    "wiring/field-export",
    [[FILES.export, "    kustomize.toolkit.fluxcd.io/ssa: IfNotPresent\n", "    note: unprotected\n"]],
    { file: FILES.export, needle: "  name: taxi-trips-exports", message: /IfNotPresent/ },
  ),
  {
    name: "two environments create the same bucket",
    rule: "wiring/duplicate-aws-name",
    broken: {
      environments: [
        { name: "dev", files: taxiTripsFiles("dev") },
        {
          name: "staging",
          files: edited(taxiTripsFiles("staging"), [
            [FILES.bucket, "name: edp-taxi-trips-staging", "name: edp-taxi-trips-dev"],
            [FILES.settings("staging"), "edp-taxi-trips-staging", "edp-taxi-trips-dev"],
          ]),
          settings: { ...taxiTripsSettings("staging"), TAXI_TRIPS_BUCKET: "edp-taxi-trips-dev" },
        },
      ],
    },
    valid: {
      environments: [
        { name: "dev", files: taxiTripsFiles("dev") },
        { name: "staging", files: taxiTripsFiles("staging") },
      ],
    },
    expect: {
      file: FILES.bucket,
      line: lineOf(taxiTripsFiles("staging")[FILES.bucket], "name: edp-taxi-trips-staging"),
      environment: "staging",
      message: /environment dev/,
    },
  },
  // ---- trap --------------------------------------------------------------------------------
  editCase(
    "spec.notification on the watched bucket",
    "trap/bucket-notification",
    [[FILES.bucket, "  versioning:\n", "  notification:\n    queueConfigurations: []\n  versioning:\n"]],
    { file: FILES.bucket, needle: "notification:", message: /EventBridge/ },
  ),
  {
    name: "a non-entry-point file under the trigger prefix",
    rule: "trap/non-entry-point-trigger",
    broken: {
      environments: [
        {
          name: "dev",
          files: taxiTripsFiles("dev"),
          pipeline: taxiTripsPipeline(["apps/taxi-trips/scripts/NOTES.md"]),
        },
      ],
    },
    valid: dev(),
    expect: {
      file: "apps/taxi-trips/scripts/NOTES.md",
      line: null,
      environment: "dev",
      message: /entry point/,
    },
  },
  {
    ...editCase(
      "a literal account ID in a role ARN",
      "trap/literal-account-id",
      [[RULE, "roleARN: ${TAXI_TRIPS_EVENTS_ROLE_ARN}", "roleARN: arn:aws:iam::123456789012:role/events"]],
      { file: RULE, needle: "123456789012", message: /123456789012/ },
    ),
    expect: {
      file: RULE,
      line: lineOf(
        textOf(RULE, [
          RULE,
          "roleARN: ${TAXI_TRIPS_EVENTS_ROLE_ARN}",
          "roleARN: arn:aws:iam::123456789012:role/events",
        ]),
        "123456789012",
      ),
      environment: null,
      message: /123456789012/,
    },
  },
  {
    ...editCase(
      "a typed account ID in an ARN whose region is substituted",
      "trap/literal-account-id",
      [
        [
          RULE,
          "arn: arn:aws:states:${AWS_REGION}:${AWS_ACCOUNT_ID}:",
          "arn: arn:aws:states:${AWS_REGION}:123456789012:",
        ],
      ],
      { file: RULE, needle: "123456789012", message: /literal ARN with account 123456789012/ },
    ),
    expect: {
      file: RULE,
      line: lineOf(
        textOf(RULE, [
          RULE,
          "arn: arn:aws:states:${AWS_REGION}:${AWS_ACCOUNT_ID}:",
          "arn: arn:aws:states:${AWS_REGION}:123456789012:",
        ]),
        "123456789012",
      ),
      environment: null,
      message: /literal ARN with account 123456789012/,
    },
  },
  editCase(
    "a rule target of another service (Lambda)",
    "wiring/rule-target-service",
    [[RULE, "arn: arn:aws:states:", "arn: arn:aws:lambda:"]],
    { file: RULE, needle: "arn: arn:aws:lambda:", message: /service 'lambda'/ },
  ),
  editCase(
    "a misspelt service in the rule target (state, not states)",
    "wiring/rule-target-service",
    [[RULE, "arn: arn:aws:states:", "arn: arn:aws:state:"]],
    { file: RULE, needle: "arn: arn:aws:state:", message: /arn:aws:states/ },
  ),
  editCase(
    "a rule on a custom event bus watching S3",
    "wiring/rule-event-bus",
    [[RULE, "eventBusName: default", "eventBusName: pipelines"]],
    { file: RULE, needle: "eventBusName: pipelines", message: /default bus/ },
  ),
  editCase(
    "a typo in the Spark task's integration (.snyc)",
    "asl/no-spark-task",
    [[SM, "emr-containers:startJobRun.sync", "emr-containers:startJobRun.snyc"]],
    {
      file: SM,
      needle: "startJobRun.snyc",
      message: /did you mean 'arn:aws:states:::emr-containers:startJobRun\.sync'/,
    },
  ),
  {
    name: "the pipeline's only entry point deleted",
    rule: "eventpattern/no-entry-point",
    broken: {
      environments: [
        {
          name: "dev",
          files: taxiTripsFiles("dev"),
          pipeline: {
            ...taxiTripsPipeline(),
            files: taxiTripsPipeline().files.filter((f) => !f.startsWith("apps/taxi-trips/scripts/")),
            entryPoints: [],
          },
        },
      ],
    },
    valid: dev(),
    expect: {
      file: RULE,
      line: lineOf(textOf(RULE), '"key"'),
      environment: "dev",
      message: /uploads no Spark entry point/,
    },
  },
  {
    name: "a misspelt rule id in .edp.yaml",
    rule: "config/invalid",
    broken: { ...dev(), config: "rules:\n  trap/literal-acount-id: off\n" },
    valid: { ...dev(), config: "rules:\n  trap/literal-account-id: warning\n" },
    expect: {
      file: ".edp.yaml",
      line: 2,
      environment: null,
      message: /unknown rule 'trap\/literal-acount-id'.*did you mean 'trap\/literal-account-id'/,
    },
  },
  {
    name: "an ignore comment without a reason",
    rule: "config/suppression-without-reason",
    broken: dev(ignoredAccountId("trap/literal-account-id")),
    valid: dev(ignoredAccountId("trap/literal-account-id the events role of the shared account")),
    expect: {
      file: RULE,
      line: lineOf(textOf(RULE, ignoredAccountId("")), "123456789012"),
      environment: null,
      message: /gives no reason/,
      severity: "warning",
    },
  },
  {
    name: "an ignore comment naming a misspelt rule",
    rule: "config/suppression-unknown-rule",
    broken: dev(ignoredAccountId("trap/literal-acount-id the events role of the shared account")),
    valid: dev(ignoredAccountId("trap/literal-account-id the events role of the shared account")),
    expect: {
      file: RULE,
      line: lineOf(textOf(RULE, ignoredAccountId("")), "123456789012"),
      environment: null,
      message: /'trap\/literal-acount-id', which no rule has/,
      severity: "warning",
    },
    alsoFires: ["trap/literal-account-id"],
  },
  {
    name: "an ignore comment left where the finding no longer is",
    rule: "config/unused-suppression",
    broken: {
      // The base file both environments render, so both carry the comment.
      environments: ["dev", "staging"].map((name) => ({
        name,
        files: edited(taxiTripsFiles(name), [
          [
            RULE,
            "eventBusName: default",
            "eventBusName: default # edp:ignore wiring/rule-event-bus was custom",
          ],
        ]),
      })),
      complete: true,
    },
    valid: {
      environments: [...dev().environments, { name: "staging", files: taxiTripsFiles("staging") }],
      complete: true,
    },
    expect: {
      file: RULE,
      line: lineOf(textOf(RULE), "eventBusName: default"),
      environment: null,
      message: /wiring\/rule-event-bus suppresses nothing/,
      severity: "warning",
    },
  },
];

/** The events role's ARN with a literal account, and `# edp:ignore <body>` after it. */
function ignoredAccountId(body: string): Edit {
  return [
    RULE,
    "roleARN: ${TAXI_TRIPS_EVENTS_ROLE_ARN}",
    `roleARN: arn:aws:iam::123456789012:role/events # edp:ignore ${body}`,
  ];
}

/** A case whose broken input is dev with edits; the valid variant is dev as it is. */
function editCase(
  name: string,
  rule: RuleId,
  edits: Edit[],
  expect: { file: string; needle: string | null; message?: RegExp; severity?: "error" | "warning" },
  alsoFires?: RuleId[],
): Case {
  return {
    name,
    rule,
    alsoFires,
    broken: dev(...edits),
    valid: dev(),
    expect: {
      file: expect.file,
      line: expect.needle === null ? null : lineOf(textOf(expect.file, ...edits), expect.needle),
      environment: "dev",
      message: expect.message,
      severity: expect.severity,
    },
  };
}

// ---- the tests -----------------------------------------------------------------------------

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `  ${f.rule} ${f.environment} ${f.file}:${f.line} ${f.message}`).join("\n");
}

before(async () => {
  VARIABLES = await repoVariables();
  // Compiled (or loaded from a build) before the clock of the first case starts.
  await prepareValidators(inMemoryEnvironment({ name: "dev", files: taxiTripsFiles("dev") }).objects);
});

describe("rules on in-memory taxi-trips environments", () => {
  test("the fixture itself is clean: no finding of any rule", () => {
    const findings = run({
      ...{ environments: [...dev().environments, { name: "staging", files: taxiTripsFiles("staging") }] },
      complete: true,
    });
    assert.deepEqual(findings, [], describeFindings(findings));
  });

  for (const c of cases) {
    test(`${c.rule}: ${c.name}`, () => {
      const broken = run(c.broken);
      const hits = broken.filter((f) => f.rule === c.rule);
      const e = c.expect;
      const hit = hits.find(
        (f) =>
          f.file === e.file &&
          f.line === e.line &&
          f.environment === e.environment &&
          (!e.message || e.message.test(f.message)),
      );
      assert.ok(hit, `expected ${c.rule} at ${JSON.stringify(e)} among:\n${describeFindings(broken)}`);
      assert.equal(hit.severity, e.severity ?? "error");
      const validFindings = run(c.valid);
      const valid = validFindings.filter((f) => f.rule === c.rule);
      assert.deepEqual(
        valid,
        [],
        `the valid variant must not produce ${c.rule}:\n${describeFindings(valid)}`,
      );
      // The break is specific: besides its rule (and the ones it is known to set off too), it
      // adds no finding (a rule reporting another rule's problem fails here).
      const before = new Set(validFindings.map((f) => JSON.stringify(f)));
      const others = broken.filter(
        (f) =>
          f.rule !== c.rule && !c.alsoFires?.includes(f.rule as RuleId) && !before.has(JSON.stringify(f)),
      );
      assert.deepEqual(others, [], `the broken input also produced:\n${describeFindings(others)}`);
    });
  }
});

describe("the in-memory environment is what the renderer would give the rules", () => {
  test("Flux Kustomizations: the one applying clusters/<env> is the root, the others are listed", () => {
    const env = inMemoryEnvironment({ name: "dev", files: taxiTripsFiles("dev") });
    assert.equal(env.root?.name, "flux-system");
    assert.deepEqual(
      env.kustomizations.map((k) => [k.name, k.path, k.dependsOn.map((d) => d.name)]),
      [
        ["taxi-trips-infra", "apps/taxi-trips/overlays/dev/infra", []],
        ["taxi-trips-pipeline", "apps/taxi-trips/overlays/dev/pipeline", ["taxi-trips-infra"]],
      ],
    );
  });

  test("objects are substituted, locate fields on their source lines and keep the declared text", () => {
    const files = taxiTripsFiles("dev");
    const env = inMemoryEnvironment({
      name: "dev",
      files,
      values: exampleValues(VARIABLES, taxiTripsSettings()),
    });
    const sm = env.objects.find((o) => o.kind === "StateMachine");
    assert.ok(sm);
    assert.match(String((sm.object.spec as { roleARN?: unknown }).roleARN), /^arn:aws:iam::\d{12}:role\//);
    assert.equal((sm.unsubstituted?.().spec as { roleARN?: unknown }).roleARN, "${TAXI_TRIPS_SFN_ROLE_ARN}");
    assert.deepEqual(sm.locate(["spec", "roleARN"]), {
      file: SM,
      line: lineOf(files[SM], "roleARN:"),
      column: 3,
    });
    // Into the JSON held by a block scalar, as for a definition generated from a .asl.json.
    assert.equal(
      sm.locate(["spec", "definition", "States", "Job failed", "Error"]).line,
      lineOf(files[SM], '"Error"'),
    );
    const use = env.variableUses.find((u) => u.name === "TAXI_TRIPS_EXECUTOR_MEMORY");
    assert.deepEqual(use?.location(), { file: SM, line: lineOf(files[SM], "spark.executor.memory") });
  });

  test("variable uses can be given explicitly", () => {
    const env = inMemoryEnvironment({
      name: "dev",
      files: taxiTripsFiles("dev"),
      variableUses: [{ name: "TEAM_NAME", file: RULE, line: 3 }],
    });
    const findings: Finding[] = [];
    checkEnvironment(RULES, environmentContext(env, { variables: VARIABLES }), findings);
    const hit = findings.find((f) => f.rule === "vars/undeclared");
    assert.deepEqual([hit?.file, hit?.line, hit?.resource], [RULE, 3, "Rule/taxi-trips-script-uploaded"]);
  });
});

describe("the case table covers the catalog", () => {
  test("every rule id has a case (adding a rule without one fails here)", () => {
    const covered = new Set(cases.map((c) => c.rule));
    const missing = RULES.map((r) => r.id).filter((id) => !covered.has(id));
    assert.deepEqual(missing, [], `rules without a case in rules.test.ts: ${missing.join(", ")}`);
  });

  test("rule ids are unique", () => {
    const ids = RULES.map((r) => r.id);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
    );
  });

  test("each rule module is a default export listed by its family, with the id <folder>/<file>", async () => {
    const rulesDir = path.join(REPO_ROOT, "actions/src/validate/rules");
    const ids = new Set<string>(RULES.map((r) => r.id));
    const seen = new Set<string>();
    for (const family of readdirSync(rulesDir, { withFileTypes: true })) {
      if (!family.isDirectory()) continue;
      for (const file of readdirSync(path.join(rulesDir, family.name))) {
        if (!file.endsWith(".ts") || file === "index.ts") continue;
        const full = path.join(rulesDir, family.name, file);
        const mod = (await import(full)) as { default?: { id?: unknown } };
        const id = mod.default?.id;
        if (typeof id !== "string") {
          // A helper module (watched.ts, kustomizations.ts, ...) declares no rule; one that calls
          // defineRule without exporting it as default would never be listed or run.
          assert.ok(
            !/\bdefineRule\(/.test(readFileSync(full, "utf8")),
            `${family.name}/${file} calls defineRule but does not export the rule as default: a rule module is \`export default defineRule({...})\`, listed in ${family.name}/index.ts`,
          );
          continue;
        }
        assert.equal(id.split("/")[0], family.name, `${family.name}/${file} declares ${id}`);
        assert.equal(
          id,
          `${family.name}/${file.replace(/\.ts$/, "")}`,
          `${family.name}/${file} declares ${id}`,
        );
        assert.ok(ids.has(id), `${id} (${family.name}/${file}) is not listed in its family's index.ts`);
        seen.add(id);
      }
    }
    assert.deepEqual(
      [...ids].filter((id) => !seen.has(id)),
      [],
      "ids in RULES with no module of their own",
    );
  });
});
