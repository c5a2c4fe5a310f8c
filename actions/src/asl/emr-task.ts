/**
 * asl/emr-task: what no schema knows about `emr-containers:startJobRun` tasks. The task's
 * Parameters are evaluated for the sample event of every trigger key (after the Pass states
 * before it), then the virtual cluster, role, release label and every S3 location Spark will
 * read are checked against this environment's bucket and the files the repository uploads.
 */
import { resolvePayload, runtimeFailure, type EmrTask } from "./emr-payload.ts";
import { parseJsonText } from "./json-text.ts";
import { statesContainers } from "./json-walk.ts";
import { templateSourcePath } from "./payload-template.ts";
import {
  DEPENDENCY_PROPERTIES,
  parseS3Url,
  POD_TEMPLATE_PROPERTIES,
  s3UrlsIn,
  sparkSubmitReferences,
} from "./s3-locations.ts";
import { simulate } from "./simulate.ts";
import type { AslContext, AslProblem } from "./types.ts";
import { containsUnknown, describeValue, isRecord, UNKNOWN, type JsonPath } from "./values.ts";

const EMR_RESOURCE = /^arn:aws[a-z-]*:states:::emr-containers:startJobRun(\.sync)?$/;
const VIRTUAL_CLUSTER_ID = /^[0-9a-z]{25}$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+/;
// emr-7.1.0-latest, emr-6.14.0-java17-al2023-20231005: version, optional flavour, then latest or a date.
const RELEASE_LABEL = /^emr-(\d+)\.(\d+)\.(\d+)(?:-[a-z0-9]+(?:-[a-z0-9]+)*?)?-(?:latest|\d{8})$/;
const UNSUBSTITUTED = /\$\{[^}]*\}/;

export type { EmrTask } from "./emr-payload.ts";

/** The resource a pipeline's Spark task names (the .sync integration waits for the job run). */
export const EMR_START_JOB_RUN_SYNC = "arn:aws:states:::emr-containers:startJobRun.sync";

/** Every Task state (any resource), with its path in the definition. */
export function findTasks(definition: unknown): { name: string; path: JsonPath; resource: unknown }[] {
  return statesContainers(definition).flatMap((container) =>
    Object.entries(container.value as Record<string, unknown>).flatMap(([name, state]) =>
      isRecord(state) && state.Type === "Task"
        ? [{ name, path: [...container.path, name], resource: state.Resource }]
        : [],
    ),
  );
}

export function findEmrTasks(definition: unknown): EmrTask[] {
  const language = isRecord(definition) && definition.QueryLanguage === "JSONata" ? "JSONata" : "JSONPath";
  const tasks: EmrTask[] = [];
  for (const container of statesContainers(definition)) {
    for (const [name, state] of Object.entries(container.value as Record<string, unknown>)) {
      if (
        !isRecord(state) ||
        state.Type !== "Task" ||
        typeof state.Resource !== "string" ||
        !EMR_RESOURCE.test(state.Resource)
      )
        continue;
      const jsonata = (state.QueryLanguage ?? language) === "JSONata";
      tasks.push({
        name,
        path: [...container.path, name],
        state,
        payloadKey: jsonata ? "Arguments" : "Parameters",
      });
    }
  }
  return tasks;
}

export function checkEmrTasks(definition: Record<string, unknown>, context: AslContext): AslProblem[] {
  const tasks = findEmrTasks(definition);
  if (tasks.length === 0) return [];
  const problems = tasks.flatMap((task) => staticChecks(task, context));

  // One dry run per trigger key; with none, only what does not depend on the event is checked.
  const scenarios: (string | null)[] = context.triggerKeys.length > 0 ? [...context.triggerKeys] : [null];
  const merged = new Map<string, { problem: AslProblem; keys: Set<string | null> }>();
  for (const key of scenarios) {
    const event = key === null ? UNKNOWN : context.sampleEvent(key);
    const simulation = simulate(definition, event);
    const found = simulation.failures.map(runtimeFailure);
    for (const task of tasks)
      found.push(...scenarioChecks(task, simulation.inputs.get(task.name) ?? UNKNOWN, event, context));
    for (const problem of found) {
      const id = JSON.stringify([problem.severity, problem.message, problem.path]);
      const entry = merged.get(id) ?? { problem, keys: new Set() };
      entry.keys.add(key);
      merged.set(id, entry);
    }
  }
  // A problem that only some uploads hit says which.
  for (const { problem, keys } of merged.values()) {
    const partial = keys.size < scenarios.length && !keys.has(null);
    problems.push(
      partial
        ? { ...problem, message: `${problem.message} (for an upload of ${[...keys].join(", ")})` }
        : problem,
    );
  }
  return problems;
}

/** Checks that do not depend on the event: error handling, .sync, unsubstituted variables. */
function staticChecks(task: EmrTask, context: AslContext): AslProblem[] {
  const { state, path } = task;
  const label = `State "${task.name}"`;
  const problems: AslProblem[] = [];
  if (!String(state.Resource).endsWith(".sync")) {
    problems.push(
      warning(
        [...path, "Resource"],
        `${label} calls startJobRun without .sync: the execution succeeds as soon as the job is submitted, so a failed Spark job goes unnoticed; use arn:aws:states:::emr-containers:startJobRun.sync`,
      ),
    );
  }
  if (!Array.isArray(state.Retry) || state.Retry.length === 0) {
    problems.push(
      warning(
        path,
        `${label} has no Retry: a throttled or transient startJobRun error (EMRContainers.ThrottlingException) fails the whole execution`,
      ),
    );
  }
  if (!Array.isArray(state.Catch) || state.Catch.length === 0) {
    problems.push(
      warning(
        path,
        `${label} has no Catch: a failed job ends the execution without reaching a failure state that records it`,
      ),
    );
  }
  for (const [at, text] of strings(state[task.payloadKey], [...path, task.payloadKey])) {
    const m = UNSUBSTITUTED.exec(text);
    if (m)
      problems.push(
        error(at, `${label}: ${m[0]} was not substituted; define the variable for this environment`),
      );
  }
  problems.push(...hardCodedValues(task, context));
  return problems;
}

// Literal IDs in the repository pin every environment to one cluster/account: they belong in variables.
function hardCodedValues(task: EmrTask, context: AslContext): AslProblem[] {
  if (context.unsubstitutedDefinition === undefined) return [];
  const parsed = parseJsonText(context.unsubstitutedDefinition);
  if (!parsed.ok) return [];
  let node: unknown = parsed.value;
  for (const segment of [...task.path, task.payloadKey])
    node = isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
  if (!isRecord(node)) return [];
  const problems: AslProblem[] = [];
  for (const field of ["VirtualClusterId", "ExecutionRoleArn"]) {
    const value = node[field];
    if (typeof value === "string" && !UNSUBSTITUTED.test(value)) {
      problems.push(
        warning(
          [...task.path, task.payloadKey, field],
          `State "${task.name}": ${field} is hard-coded as ${JSON.stringify(value)}; it differs per environment, so take it from a \${VARIABLE}`,
        ),
      );
    }
  }
  return problems;
}

/** Every string (keys included) in a template with its location. */
function strings(node: unknown, at: JsonPath): [JsonPath, string][] {
  if (typeof node === "string") return [[at, node]];
  if (Array.isArray(node)) return node.flatMap((item, i) => strings(item, [...at, i]));
  if (!isRecord(node)) return [];
  return Object.entries(node).flatMap(([key, value]): [JsonPath, string][] => [
    [[...at, key], key],
    ...strings(value, [...at, key]),
  ]);
}

/** Checks on the task's parameters as evaluated for one sample event. */
function scenarioChecks(task: EmrTask, input: unknown, event: unknown, context: AslContext): AslProblem[] {
  const problems: AslProblem[] = [];
  const template = task.state[task.payloadKey];
  const base = template === undefined ? task.path : [...task.path, task.payloadKey];
  const resolved = resolvePayload(task, template, input, event, problems);
  if (resolved === UNKNOWN) return problems;
  const params = isRecord(resolved) ? resolved : {};
  const where = (resolvedPath: JsonPath): JsonPath =>
    template === undefined ? base : templateSourcePath(template, resolvedPath, base);
  const label = `State "${task.name}"`;
  const checker = new LocationChecker(context, label, where, problems);

  // A finding on a required field: its reason, and whether it is only a warning.
  type FieldCheck = (value: string) => { reason: string; severity: "error" | "warning" } | null;
  const required = (field: string, check: FieldCheck): void => {
    const value = params[field];
    if (value === undefined) {
      problems.push(error(base, `${label}: ${task.payloadKey}.${field} is missing; startJobRun needs it`));
      return;
    }
    // Unknown until run time, or an unsubstituted variable (reported once by the static checks).
    if (containsUnknown(value) || (typeof value === "string" && UNSUBSTITUTED.test(value))) return;
    const finding =
      typeof value === "string" ? check(value) : { reason: "must be a string", severity: "error" as const };
    if (finding) {
      const message = `${label}: ${field} ${describeValue(value)} ${finding.reason}`;
      problems.push({ kind: "emr-task", severity: finding.severity, path: where([field]), message });
    }
  };
  required("VirtualClusterId", (v) =>
    VIRTUAL_CLUSTER_ID.test(v)
      ? null
      : {
          reason: "does not look like an EMR on EKS virtual cluster ID (25 lowercase letters and digits)",
          severity: "error",
        },
  );
  required("ExecutionRoleArn", (v) =>
    IAM_ROLE_ARN.test(v)
      ? null
      : { reason: "is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)", severity: "error" },
  );
  required("ReleaseLabel", releaseLabelProblem);

  const driver = params.JobDriver;
  const submit = isRecord(driver) ? driver.SparkSubmitJobDriver : driver;
  if (driver === undefined || (isRecord(driver) && submit === undefined)) {
    problems.push(
      error(
        where(["JobDriver"]),
        `${label}: JobDriver.SparkSubmitJobDriver is missing; startJobRun needs the Spark entry point`,
      ),
    );
  } else if (isRecord(submit)) {
    const entryPoint = submit.EntryPoint;
    const at: JsonPath = ["JobDriver", "SparkSubmitJobDriver"];
    if (entryPoint === undefined)
      problems.push(error(where(at), `${label}: JobDriver.SparkSubmitJobDriver.EntryPoint is missing`));
    else if (typeof entryPoint === "string") checker.entryPoint(entryPoint, [...at, "EntryPoint"]);

    const args = submit.EntryPointArguments;
    if (Array.isArray(args)) {
      args.forEach((arg, i) => {
        if (typeof arg === "string")
          for (const url of s3UrlsIn(arg))
            checker.sameBucket(url, [...at, "EntryPointArguments", i], `EntryPointArguments[${i}]`);
      });
    }
    const parameters = submit.SparkSubmitParameters;
    if (typeof parameters === "string") {
      for (const ref of sparkSubmitReferences(parameters)) {
        const field = [...at, "SparkSubmitParameters"];
        if (ref.podTemplate) checker.podTemplate(ref.url, field, `SparkSubmitParameters ${ref.option}`);
        else checker.dependency(ref.url, field, `SparkSubmitParameters ${ref.option}`);
      }
    }
  }
  const overrides = params.ConfigurationOverrides;
  if (isRecord(overrides))
    checkConfigurations(
      overrides.ApplicationConfiguration,
      ["ConfigurationOverrides", "ApplicationConfiguration"],
      checker,
    );
  return problems;
}

function releaseLabelProblem(label: string): { reason: string; severity: "error" | "warning" } | null {
  const m = RELEASE_LABEL.exec(label);
  if (!m) {
    return {
      reason: "is not an EMR release label like emr-7.1.0-latest or emr-7.1.0-20240321",
      severity: "error",
    };
  }
  if (Number(m[1]) < 6) {
    return { reason: "is older than 6.x: use an EMR 6.x or 7.x release on EMR on EKS", severity: "warning" };
  }
  return null;
}

// ApplicationConfiguration[] and their nested Configurations: pod templates and dependency lists.
function checkConfigurations(configurations: unknown, at: JsonPath, checker: LocationChecker): void {
  if (!Array.isArray(configurations)) return;
  configurations.forEach((configuration, i) => {
    if (!isRecord(configuration)) return;
    const properties = configuration.Properties;
    if (isRecord(properties)) {
      for (const [name, value] of Object.entries(properties)) {
        if (typeof value !== "string") continue;
        const field = [...at, i, "Properties", name];
        if (POD_TEMPLATE_PROPERTIES.includes(name)) checker.podTemplate(value, field, name);
        else if (name in DEPENDENCY_PROPERTIES) {
          for (const url of value.split(","))
            checker.dependency(url.replace(/#[^#]*$/, "").trim(), field, name);
        }
      }
    }
    checkConfigurations(configuration.Configurations, [...at, i, "Configurations"], checker);
  });
}

/** Where a resolved S3 location may point, for one task and one sample event. */
class LocationChecker {
  private readonly triggerPrefixes: string[];
  constructor(
    private readonly context: AslContext,
    private readonly label: string,
    private readonly where: (resolvedPath: JsonPath) => JsonPath,
    private readonly problems: AslProblem[],
  ) {
    // The folder of each entry point: anything uploaded there matches the same trigger.
    this.triggerPrefixes = [
      ...new Set(context.triggerKeys.map((k) => k.slice(0, k.lastIndexOf("/") + 1)).filter((p) => p !== "")),
    ];
  }

  entryPoint(url: string, at: JsonPath): void {
    if (url.startsWith("local://")) return; // a script inside the job image
    if (!parseS3Url(url)) {
      this.report(
        at,
        `EntryPoint ${JSON.stringify(url)} is neither an s3:// URL nor a local:// path in the image`,
      );
      return;
    }
    const location = this.inBucket(url, at, "EntryPoint");
    if (
      location &&
      !this.context.triggerKeys.includes(location.key) &&
      !this.context.uploadedKeys.has(location.key)
    ) {
      this.report(at, `EntryPoint ${url} is not a file this repository uploads: the job would fail to start`);
    }
  }

  dependency(url: string, at: JsonPath, what: string): void {
    const location = this.inBucket(url, at, what);
    if (
      location &&
      !this.context.uploadedKeys.has(location.key) &&
      !this.context.triggerKeys.includes(location.key)
    ) {
      this.report(at, `${what} ${url} is not a file this repository uploads: Spark would fail to fetch it`);
    }
  }

  podTemplate(url: string, at: JsonPath, what: string): void {
    const location = this.inBucket(url, at, what);
    if (!location) return;
    const prefix = this.triggerPrefixes.find((p) => location.key.startsWith(p));
    if (this.context.triggerKeys.includes(location.key) || prefix !== undefined) {
      this.report(
        at,
        `${what} ${url} is ${prefix !== undefined ? `under the trigger prefix ${prefix}` : "a trigger key"}: uploading the pod template would start a run; keep pod templates outside the entry points' folder`,
      );
    } else if (!this.context.uploadedKeys.has(location.key)) {
      this.report(
        at,
        `${what} ${url} is not a file this repository uploads: the driver/executor pods would fail to start`,
      );
    }
  }

  /** An S3 URL (an input or output location) must name this environment's bucket. */
  sameBucket(url: string, at: JsonPath, what: string): void {
    this.inBucket(url, at, what);
  }

  private inBucket(url: string, at: JsonPath, what: string): { bucket: string; key: string } | null {
    const location = parseS3Url(url);
    const bucket = this.context.bucket;
    if (!location || bucket === null) return null;
    if (location.bucket !== bucket) {
      this.report(
        at,
        `${what} ${url} points at bucket ${location.bucket}, this environment's bucket is ${bucket}`,
      );
      return null;
    }
    return location;
  }

  private report(at: JsonPath, message: string): void {
    this.problems.push(error(this.where(at), `${this.label}: ${message}`));
  }
}

function error(path: JsonPath, message: string): AslProblem {
  return { kind: "emr-task", severity: "error", path, message };
}

function warning(path: JsonPath, message: string): AslProblem {
  return { kind: "emr-task", severity: "warning", path, message };
}
