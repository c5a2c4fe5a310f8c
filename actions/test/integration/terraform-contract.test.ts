/**
 * The contract between terraform/ and the rest of the repository, checked offline:
 *   (a) the cluster-vars ConfigMap's keys are exactly the `provider: terraform` variables of
 *       clusters/variables.yaml;
 *   (b) every variable has a type and a description (and every output a description);
 *   (c) every output is documented in docs/operations.md or used by a workflow;
 *   (d) every envs/<env>.tfvars sets every required, non-sensitive variable, nothing unknown
 *       and nothing sensitive, and every environment has an S3 backend with native locking;
 *   (e) the names and tags IAM is scoped to are what `kubectl kustomize` renders from the overlays;
 *   (f) `terraform fmt -check -recursive terraform` passes;
 *   (g) an Allow statement on Resource "*" is one AWS requires and says so;
 *   (h) each GitHub role trusts one exact OIDC subject (its environment, or pull requests).
 * Each check maps a repository root to a list of problems. The tests run every check on this
 * repository (no problems) and on a broken copy (the problem names the file and the fix).
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@cdktf/hcl2json";
import YAML from "yaml";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const TF_ENV = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", TF_IN_AUTOMATION: "1" };

type Hcl = Record<string, unknown>;
interface TfFile {
  file: string; // repository-relative, POSIX
  body: Hcl;
}
interface Named {
  file: string;
  name: string;
  body: Hcl;
}

// --- Loading -------------------------------------------------------------------------------

function isRecord(value: unknown): value is Hcl {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join("/");
}

async function parseHcl(root: string, file: string): Promise<Hcl> {
  const parsed: unknown = await parse(path.basename(file), fs.readFileSync(file, "utf8"));
  if (!isRecord(parsed)) throw new Error(`${rel(root, file)} did not parse to an object`);
  return parsed;
}

async function loadTerraform(root: string): Promise<TfFile[]> {
  const dir = path.join(root, "terraform");
  const names = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".tf"))
    .sort();
  return Promise.all(
    names.map(async (n) => ({ file: `terraform/${n}`, body: await parseHcl(root, path.join(dir, n)) })),
  );
}

/** `variable`, `output` (and similar) blocks: name -> first body. */
function namedBlocks(files: TfFile[], kind: string): Named[] {
  const out: Named[] = [];
  for (const { file, body } of files) {
    const group = body[kind];
    if (!isRecord(group)) continue;
    for (const [name, bodies] of Object.entries(group)) {
      const first: unknown = Array.isArray(bodies) ? bodies[0] : bodies;
      out.push({ file, name, body: isRecord(first) ? first : {} });
    }
  }
  return out;
}

/** `resource` or `data` blocks of one type. */
function typedBlocks(files: TfFile[], kind: "resource" | "data", type: string): Named[] {
  const out: Named[] = [];
  for (const { file, body } of files) {
    const group = isRecord(body[kind]) ? body[kind][type] : undefined;
    if (!isRecord(group)) continue;
    for (const [name, bodies] of Object.entries(group)) out.push({ file, name, body: firstBlock(bodies) });
  }
  return out;
}

function allLocals(files: TfFile[]): Map<string, { file: string; value: unknown }> {
  const out = new Map<string, { file: string; value: unknown }>();
  for (const { file, body } of files) {
    const blocks = body.locals;
    if (!Array.isArray(blocks)) continue;
    for (const block of blocks) {
      if (!isRecord(block)) continue;
      for (const [name, value] of Object.entries(block)) out.set(name, { file, value });
    }
  }
  return out;
}

function firstBlock(value: unknown): Hcl {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return isRecord(first) ? first : {};
}

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : null;
}

function environments(root: string): string[] {
  return fs
    .readdirSync(path.join(root, "terraform", "envs"))
    .filter((n) => n.endsWith(".tfvars"))
    .map((n) => n.slice(0, -".tfvars".length))
    .sort();
}

async function loadTfvars(root: string, env: string): Promise<Hcl> {
  return parseHcl(root, path.join(root, "terraform", "envs", `${env}.tfvars`));
}

/** The pipelines of an environment: its tfvars override, else the variable's default. */
function pipelinesOf(files: TfFile[], tfvars: Hcl): Map<string, string> {
  const declared = namedBlocks(files, "variable").find((v) => v.name === "pipelines");
  const value = tfvars.pipelines ?? declared?.body.default;
  const out = new Map<string, string>();
  if (isRecord(value)) {
    for (const [name, cfg] of Object.entries(value)) {
      out.set(name, isRecord(cfg) && typeof cfg.namespace === "string" ? cfg.namespace : name);
    }
  }
  return out;
}

function upperKey(pipeline: string): string {
  return pipeline.toUpperCase().replaceAll("-", "_");
}

function terraformVariables(root: string): string[] {
  const doc: unknown = YAML.parse(fs.readFileSync(path.join(root, "clusters", "variables.yaml"), "utf8"));
  const vars = isRecord(doc) && isRecord(doc.variables) ? doc.variables : {};
  return Object.entries(vars)
    .filter(([, v]) => isRecord(v) && v.provider === "terraform")
    .map(([k]) => k)
    .sort();
}

// --- (a) cluster-vars ----------------------------------------------------------------------

async function checkClusterVars(root: string): Promise<string[]> {
  const files = await loadTerraform(root);
  const locals = allLocals(files);
  const maps = typedBlocks(files, "resource", "kubernetes_config_map_v1").filter(
    (r) => firstBlock(r.body.metadata).name === "cluster-vars",
  );
  if (maps.length !== 1) {
    return [
      `terraform/: expected one kubernetes_config_map_v1 named cluster-vars, found ${maps.length}. Fix: keep exactly one in terraform/flux.tf.`,
    ];
  }
  const cm = maps[0] as Named;
  const problems: string[] = [];
  const namespace = firstBlock(cm.body.metadata).namespace;
  const nsLocal = typeof namespace === "string" ? /^\$\{local\.(\w+)\}$/.exec(namespace)?.[1] : undefined;
  const resolvedNs = nsLocal ? locals.get(nsLocal)?.value : namespace;
  if (resolvedNs !== "flux-system") {
    problems.push(`${cm.file}: cluster-vars must be in namespace flux-system (found ${String(resolvedNs)}).`);
  }
  if (cm.body.data !== "${local.cluster_vars}") {
    problems.push(`${cm.file}: cluster-vars data must be local.cluster_vars, the map this test can check.`);
  }
  const staticVars = locals.get("cluster_vars_static");
  const suffixes = stringList(locals.get("cluster_vars_pipeline_suffixes")?.value);
  const combined = locals.get("cluster_vars")?.value;
  if (!staticVars || !isRecord(staticVars.value) || !suffixes || typeof combined !== "string") {
    return [
      ...problems,
      "terraform/flux.tf: cluster-vars must be built from local.cluster_vars_static (an object literal) and local.cluster_vars_pipeline_suffixes (a list of strings) so its keys can be checked.",
    ];
  }
  if (
    !combined.includes("local.cluster_vars_static") ||
    !combined.includes("local.cluster_vars_pipeline_suffixes")
  ) {
    problems.push(
      `${staticVars.file}: local.cluster_vars must merge local.cluster_vars_static and the per-pipeline keys from local.cluster_vars_pipeline_suffixes.`,
    );
  }
  const declared = terraformVariables(root);
  for (const env of environments(root)) {
    const pipelines = pipelinesOf(files, await loadTfvars(root, env));
    const written = new Set(Object.keys(staticVars.value));
    for (const p of pipelines.keys()) for (const s of suffixes) written.add(`${upperKey(p)}_${s}`);
    const extra = [...written].filter((k) => !declared.includes(k)).sort();
    const missing = declared.filter((k) => !written.has(k));
    if (extra.length > 0) {
      problems.push(
        `${staticVars.file} writes cluster-vars keys for ${env} that clusters/variables.yaml does not declare with provider: terraform: ${extra.join(", ")}. Fix: declare them in clusters/variables.yaml, or stop writing them.`,
      );
    }
    if (missing.length > 0) {
      problems.push(
        `clusters/variables.yaml declares provider: terraform variables that ${staticVars.file} does not write to cluster-vars for ${env}: ${missing.join(", ")}. Fix: add them to cluster_vars_static or cluster_vars_pipeline_suffixes in ${staticVars.file}, or change their provider.`,
      );
    }
  }
  return problems;
}

// --- (b) types and descriptions --------------------------------------------------------------

async function checkDeclarations(root: string): Promise<string[]> {
  const files = await loadTerraform(root);
  const problems: string[] = [];
  for (const v of namedBlocks(files, "variable")) {
    if (typeof v.body.type !== "string") {
      problems.push(
        `${v.file}: variable "${v.name}" has no type. Fix: add type = ... (e.g. string, object({...})).`,
      );
    }
    if (typeof v.body.description !== "string" || v.body.description.trim() === "") {
      problems.push(
        `${v.file}: variable "${v.name}" has no description. Fix: add description = "what it is and who sets it".`,
      );
    }
  }
  for (const o of namedBlocks(files, "output")) {
    if (typeof o.body.description !== "string" || o.body.description.trim() === "") {
      problems.push(`${o.file}: output "${o.name}" has no description. Fix: add description = "...".`);
    }
  }
  return problems;
}

// --- (c) outputs are used --------------------------------------------------------------------

async function checkOutputsUsed(root: string): Promise<string[]> {
  const files = await loadTerraform(root);
  const docPath = path.join(root, "docs", "operations.md");
  const doc = fs.existsSync(docPath) ? fs.readFileSync(docPath, "utf8") : "";
  const wfDir = path.join(root, ".github", "workflows");
  const workflows = fs.existsSync(wfDir)
    ? fs
        .readdirSync(wfDir)
        .filter((n) => /\.ya?ml$/.test(n))
        .map((n) => fs.readFileSync(path.join(wfDir, n), "utf8"))
        .join("\n")
    : "";
  return namedBlocks(files, "output")
    .filter((o) => !doc.includes(`\`${o.name}\``) && !new RegExp(`\\b${o.name}\\b`).test(workflows))
    .map(
      (o) =>
        `${o.file}: output "${o.name}" is neither documented in docs/operations.md (as \`${o.name}\`) nor used by a workflow. Fix: say there who reads it and what for, or remove it.`,
    );
}

// --- (d) environments ------------------------------------------------------------------------

async function checkEnvironments(root: string): Promise<string[]> {
  const files = await loadTerraform(root);
  const variables = namedBlocks(files, "variable");
  const problems: string[] = [];
  const envs = environments(root);
  const clusterDirs = fs
    .readdirSync(path.join(root, "clusters"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const dir of clusterDirs.filter((d) => !envs.includes(d))) {
    problems.push(
      `clusters/${dir}/ has no terraform/envs/${dir}.tfvars. Fix: add one (copy another environment's).`,
    );
  }
  for (const env of envs) {
    const file = `terraform/envs/${env}.tfvars`;
    const tfvars = await loadTfvars(root, env);
    for (const v of variables) {
      const sensitive = v.body.sensitive === true;
      const required = !("default" in v.body);
      if (sensitive && v.name in tfvars) {
        problems.push(
          `${file} sets the sensitive variable ${v.name}. Fix: remove it and pass TF_VAR_${v.name} from the secret store.`,
        );
      } else if (required && !sensitive && !(v.name in tfvars)) {
        problems.push(
          `${file} does not set the required variable ${v.name} (${v.file}). Fix: add ${v.name} = ...`,
        );
      }
    }
    for (const key of Object.keys(tfvars)) {
      if (!variables.some((v) => v.name === key)) {
        problems.push(
          `${file} sets ${key}, which terraform/ does not declare. Fix: remove it or declare the variable.`,
        );
      }
    }
    if (tfvars.environment !== env) {
      problems.push(
        `${file} sets environment = ${JSON.stringify(tfvars.environment)}. Fix: environment = "${env}".`,
      );
    }
    if (!fs.existsSync(path.join(root, "clusters", env, "flux-system", "gotk-sync.yaml"))) {
      problems.push(
        `${file} has no clusters/${env}/flux-system/gotk-sync.yaml for terraform/flux.tf to apply.`,
      );
    }
    const backendFile = `terraform/envs/${env}.s3.tfbackend`;
    if (!fs.existsSync(path.join(root, backendFile))) {
      problems.push(
        `${backendFile} is missing. Fix: add bucket, key, region, encrypt = true and use_lockfile = true.`,
      );
      continue;
    }
    const backend = await parseHcl(root, path.join(root, backendFile));
    for (const key of ["bucket", "key", "region"]) {
      if (typeof backend[key] !== "string") problems.push(`${backendFile} does not set ${key}.`);
    }
    if (backend.use_lockfile !== true) {
      problems.push(`${backendFile} must set use_lockfile = true (S3 native state locking).`);
    }
    if (backend.encrypt !== true) problems.push(`${backendFile} must set encrypt = true.`);
    if (typeof backend.key === "string" && !backend.key.split("/").includes(env)) {
      problems.push(
        `${backendFile}: key ${backend.key} does not name ${env}; environments must never share a state file.`,
      );
    }
  }
  const stateKeys: string[] = [];
  for (const env of envs) {
    const b = path.join(root, "terraform", "envs", `${env}.s3.tfbackend`);
    if (!fs.existsSync(b)) continue;
    const backend = await parseHcl(root, b);
    stateKeys.push(`${String(backend.bucket)}/${String(backend.key)}`);
  }
  if (new Set(stateKeys).size !== stateKeys.length) {
    problems.push(
      "terraform/envs/*.s3.tfbackend: two environments share a state file. Fix: give each its own key.",
    );
  }
  return problems;
}

// --- (e) names and tags against the overlays -----------------------------------------------

interface Rendered {
  kind: string;
  apiVersion: string;
  metadata: Hcl;
  spec: Hcl;
}

/** Renders an overlay as Flux does: files anywhere in the repository may be loaded. */
function render(root: string, dir: string): Rendered[] | string {
  const args = ["kustomize", "--load-restrictor=LoadRestrictionsNone", dir];
  const r = spawnSync("kubectl", args, { cwd: root, encoding: "utf8" });
  if (r.status !== 0)
    return `kubectl ${args.join(" ")} failed: ${(r.stderr || r.error?.message || "").trim()}`;
  return YAML.parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as unknown)
    .filter(isRecord)
    .map((d) => ({
      kind: String(d.kind),
      apiVersion: String(d.apiVersion),
      metadata: isRecord(d.metadata) ? d.metadata : {},
      spec: isRecord(d.spec) ? d.spec : {},
    }));
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*")}$`,
  );
}

interface Statement {
  doc: string;
  file: string;
  sid: string;
  effect: string;
  actions: string[];
  resources: string[];
  conditions: { test: string; variable: string; values: unknown }[];
}

/** Every statement of every aws_iam_policy_document, dynamic ones included. */
function statements(files: TfFile[]): Statement[] {
  return typedBlocks(files, "data", "aws_iam_policy_document").flatMap(({ file, name, body }) => {
    const plain = Array.isArray(body.statement) ? body.statement : [];
    const dynamic = Array.isArray(firstBlock(body.dynamic).statement)
      ? (firstBlock(body.dynamic).statement as unknown[]).flatMap((d) =>
          isRecord(d) && Array.isArray(d.content) ? d.content : [],
        )
      : [];
    return [...plain, ...dynamic].filter(isRecord).map((s) => ({
      doc: name,
      file,
      sid: typeof s.sid === "string" ? s.sid : "(no sid)",
      effect: typeof s.effect === "string" ? s.effect : "Allow",
      actions: stringList(s.actions) ?? [],
      resources: stringList(s.resources) ?? [],
      conditions: (Array.isArray(s.condition) ? s.condition : []).filter(isRecord).map((c) => ({
        test: String(c.test),
        variable: String(c.variable),
        values: c.values,
      })),
    }));
  });
}

/** `only` limits the environments (the broken-copy tests render dev only, to stay quick). */
async function checkNamesAgainstOverlays(root: string, only?: string[]): Promise<string[]> {
  const files = await loadTerraform(root);
  const locals = allLocals(files);
  const problems: string[] = [];
  const templates = locals.get("name_templates");
  if (!templates || !isRecord(templates.value)) {
    return [
      "terraform/: local.name_templates (an object of plain strings) is missing. Fix: keep all naming there.",
    ];
  }
  const naming = templates.file;
  for (const [kind, t] of Object.entries(templates.value)) {
    if (typeof t !== "string" || t.replaceAll("${var.environment}", "").includes("${")) {
      problems.push(
        `${naming}: name_templates.${kind} must be a plain string using only {pipeline} and \${var.environment} (found ${JSON.stringify(t)}).`,
      );
    }
  }
  if (problems.length > 0) return problems;
  const tpl = templates.value as Record<string, string>;
  const all = statements(files);
  const bucketGlobs = all
    .filter((s) => s.doc === "ack_s3" && s.effect === "Allow")
    .flatMap((s) => s.resources)
    .filter((r) => r.includes(":s3:::"));
  // Tag conditions IAM uses to find this pipeline's virtual cluster.
  const onVirtualClusters = (s: Statement): boolean =>
    s.resources.some(
      (r) => r.endsWith("/virtualclusters/*") || r.endsWith(".virtual_clusters}") || r === "*",
    );
  const vcTagConditions = all.filter(onVirtualClusters).flatMap((s) =>
    s.conditions
      .filter((c) => /^aws:(Resource|Request)Tag\/edp\.dev\//.test(c.variable))
      .map((c) => ({
        statement: `${s.file} (${s.doc}: ${s.sid})`,
        key: c.variable.split("/").slice(1).join("/"),
        values: c.values,
      })),
  );

  const tagKeys = new Set(vcTagConditions.map((c) => c.key));
  if (!tagKeys.has("edp.dev/pipeline") || !tagKeys.has("edp.dev/environment")) {
    problems.push(
      "terraform/: no IAM statement matches virtual clusters by both edp.dev/pipeline and edp.dev/environment tags. Fix: scope emr-containers permissions by those tags (their IDs are unknown to Terraform).",
    );
  }

  for (const env of only ?? environments(root)) {
    const tfvars = await loadTfvars(root, env);
    for (const [p, namespace] of pipelinesOf(files, tfvars)) {
      const name = (kind: string): string =>
        (tpl[kind] ?? `<no name_templates.${kind}>`)
          .replaceAll("${var.environment}", env)
          .replaceAll("{pipeline}", p);
      const where = `apps/${p}/overlays/${env}`;
      const v = upperKey(p);
      const byKind = new Map<string, Rendered & { dir: string }>();
      for (const part of ["infra", "pipeline"]) {
        const dir = `${where}/${part}`;
        if (!fs.existsSync(path.join(root, dir))) {
          problems.push(
            `${dir} does not exist, but terraform/envs/${env}.tfvars (pipelines) gives ${p} AWS roles there. Fix: create the overlay or remove the pipeline.`,
          );
          continue;
        }
        const docs = render(root, dir);
        if (typeof docs === "string") {
          problems.push(docs);
          continue;
        }
        for (const d of docs) byKind.set(`${d.kind}@${d.apiVersion.split("/")[0] ?? ""}`, { ...d, dir });
      }
      const expect = (key: string, field: string, actual: unknown, wanted: unknown, why: string): void => {
        if (actual !== wanted) {
          const dir = byKind.get(key)?.dir ?? where;
          problems.push(
            `${dir} renders ${key.split("@")[0]} ${field} ${JSON.stringify(actual)}, but ${why} expects ${JSON.stringify(wanted)} in ${env}. Fix: make them agree (names are typed once, in the overlay's names.yaml and in ${naming}).`,
          );
        }
      };
      const find = (kind: string, group: string): Rendered | undefined => {
        const r = byKind.get(`${kind}@${group}`);
        if (!r && fs.existsSync(path.join(root, where))) {
          problems.push(
            `${where} renders no ${kind} (${group}), which terraform/ scopes IAM to. Fix: add it to the overlay's base.`,
          );
        }
        return r;
      };

      const bucket = find("Bucket", "s3.services.k8s.aws");
      if (bucket) {
        const key = "Bucket@s3.services.k8s.aws";
        expect(key, "spec.name", bucket.spec.name, name("bucket"), `${naming} (name_templates.bucket)`);
        expect(
          key,
          "metadata.namespace",
          bucket.metadata.namespace,
          namespace,
          "var.pipelines[...].namespace",
        );
        const arn = `arn:aws:s3:::${String(bucket.spec.name)}`;
        const globs = bucketGlobs.map((g) =>
          g.replaceAll("${local.partition}", "aws").replaceAll("${var.environment}", env),
        );
        if (!globs.some((g) => globToRegExp(g).test(arn))) {
          problems.push(
            `${where}/infra renders bucket ${String(bucket.spec.name)}, which the ACK s3-controller role (terraform/ack.tf, ${globs.join(", ")}) may not manage. Fix: follow the edp-<pipeline>-<env> naming.`,
          );
        }
      }

      const vc = find("VirtualCluster", "emrcontainers.services.k8s.aws");
      if (vc) {
        const key = "VirtualCluster@emrcontainers.services.k8s.aws";
        expect(
          key,
          "spec.name",
          vc.spec.name,
          name("virtual_cluster"),
          `${naming} (name_templates.virtual_cluster)`,
        );
        const provider = isRecord(vc.spec.containerProvider) ? vc.spec.containerProvider : {};
        const eksInfo =
          isRecord(provider.info) && isRecord(provider.info.eksInfo) ? provider.info.eksInfo : {};
        expect(
          key,
          "spec.containerProvider.id",
          provider.id,
          "${EKS_CLUSTER_NAME}",
          "cluster-vars (EKS_CLUSTER_NAME)",
        );
        expect(
          key,
          "spec.containerProvider.info.eksInfo.namespace",
          eksInfo.namespace,
          namespace,
          "the job role trust (terraform/emr.tf)",
        );
        const tags = isRecord(vc.spec.tags) ? vc.spec.tags : {};
        for (const c of vcTagConditions) {
          const values = stringList(c.values) ?? (typeof c.values === "string" ? [c.values] : []);
          const allowed = values.flatMap((x) =>
            x === "${each.key}" || x === "${local.pipeline_names}"
              ? [p]
              : x === "${var.environment}"
                ? [env]
                : [x],
          );
          if (!allowed.includes(String(tags[c.key]))) {
            problems.push(
              `${where}/infra renders VirtualCluster tag ${c.key}=${JSON.stringify(tags[c.key])}, but ${c.statement} only matches ${allowed.join(" or ")}: the state machine could not start jobs on it. Fix: tag it ${c.key}: ${allowed[0] ?? ""} in the overlay.`,
            );
          }
        }
      }

      const sm = find("StateMachine", "sfn.services.k8s.aws");
      if (sm) {
        const key = "StateMachine@sfn.services.k8s.aws";
        expect(
          key,
          "spec.name",
          sm.spec.name,
          name("state_machine"),
          `${naming} (name_templates.state_machine)`,
        );
        expect(key, "metadata.namespace", sm.metadata.namespace, namespace, "var.pipelines[...].namespace");
        expect(key, "spec.roleARN", sm.spec.roleARN, `\${${v}_SFN_ROLE_ARN}`, "cluster-vars");
        try {
          const definition: unknown = JSON.parse(String(sm.spec.definition));
          const states =
            isRecord(definition) && isRecord(definition.States) ? Object.values(definition.States) : [];
          for (const s of states.filter(isRecord)) {
            if (typeof s.Resource !== "string" || !s.Resource.includes("emr-containers:startJobRun"))
              continue;
            const params = isRecord(s.Parameters) ? s.Parameters : {};
            const tags = isRecord(params.Tags) ? params.Tags : {};
            if (tags["edp.dev/pipeline"] !== p) {
              problems.push(
                `${where}/pipeline: the startJobRun task does not tag its job runs edp.dev/pipeline=${p}, and the state machine role (terraform/pipelines.tf, FollowAndCancelThisPipelinesJobs) follows only job runs with that tag. Fix: add it to Parameters.Tags.`,
              );
            }
          }
        } catch {
          problems.push(`${where}/pipeline: StateMachine spec.definition is not JSON.`);
        }
      }

      const rule = find("Rule", "eventbridge.services.k8s.aws");
      if (rule) {
        const key = "Rule@eventbridge.services.k8s.aws";
        expect(key, "spec.name", rule.spec.name, name("rule"), `${naming} (name_templates.rule)`);
        expect(
          key,
          "spec.eventBusName",
          rule.spec.eventBusName ?? "default",
          "default",
          "the rule ARNs in terraform/ (default bus)",
        );
        const targets = Array.isArray(rule.spec.targets) ? rule.spec.targets.filter(isRecord) : [];
        if (targets.length === 0) problems.push(`${where}/pipeline: the Rule has no targets.`);
        for (const t of targets) {
          const arn = String(t.arn);
          if (!arn.endsWith(`:stateMachine:${name("state_machine")}`)) {
            problems.push(
              `${where}/pipeline renders Rule target ${arn}, but the events role (terraform/pipelines.tf) may start only state machine ${name("state_machine")}. Fix: target that state machine.`,
            );
          }
          expect(key, "spec.targets[].roleARN", t.roleARN, `\${${v}_EVENTS_ROLE_ARN}`, "cluster-vars");
          const dlq = isRecord(t.deadLetterConfig) ? t.deadLetterConfig.arn : undefined;
          expect(
            key,
            "spec.targets[].deadLetterConfig.arn",
            dlq,
            `\${${v}_DLQ_ARN}`,
            "cluster-vars (the queue policy allows only this rule)",
          );
        }
      }
    }
  }
  return problems;
}

// --- (f) formatting -------------------------------------------------------------------------

function checkFormat(root: string): string[] {
  const r = spawnSync("terraform", ["fmt", "-check", "-recursive", "terraform"], {
    cwd: root,
    encoding: "utf8",
    env: TF_ENV,
  });
  if (r.error) return [`terraform could not run: ${r.error.message}. Fix: install terraform >= 1.11.`];
  if (r.status === 0) return [];
  const listed = r.stdout
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return [
    `terraform fmt -check found unformatted files: ${listed.map((f) => `terraform/${f}`).join(", ") || r.stderr.trim()}. Fix: terraform fmt -recursive terraform`,
  ];
}

// --- (g) wildcards ---------------------------------------------------------------------------

async function checkWildcards(root: string): Promise<string[]> {
  return statements(await loadTerraform(root))
    .filter((s) => s.effect === "Allow" && s.resources.includes("*") && !/RequiresWildcard$/.test(s.sid))
    .map(
      (s) =>
        `${s.file}: statement ${s.sid} of aws_iam_policy_document.${s.doc} allows Resource "*". Fix: scope it to ARNs, or, where the action has no resource-level permissions, name it ...RequiresWildcard and say why in a comment.`,
    );
}

// --- (i) a failed multipart upload can be cleaned up -----------------------------------------

/**
 * Whatever the deploy role may put it may also abort (lib-storage aborts a failed multipart
 * upload; without the permission the abort's AccessDenied hides the real error and the parts
 * stay billed), and every Bucket expires incomplete uploads the abort could not reach.
 */
async function checkMultipartAbort(root: string): Promise<string[]> {
  const problems: string[] = [];
  const puts = statements(await loadTerraform(root)).filter(
    (s) => s.doc === "deploy" && s.effect === "Allow" && s.actions.includes("s3:PutObject"),
  );
  if (puts.length === 0)
    problems.push("terraform/github-oidc.tf: the deploy policy grants no s3:PutObject at all");
  for (const s of puts.filter((x) => !x.actions.includes("s3:AbortMultipartUpload")))
    problems.push(
      `${s.file}: statement ${s.sid} of aws_iam_policy_document.deploy allows s3:PutObject without s3:AbortMultipartUpload. Fix: add it on the same resources.`,
    );
  // Every overlay as Flux renders it: the Bucket there is what ACK creates.
  const overlays = fs
    .readdirSync(path.join(root, "apps"))
    .flatMap((p) => {
      const dir = `apps/${p}/overlays`;
      return fs.existsSync(path.join(root, dir))
        ? fs.readdirSync(path.join(root, dir)).map((e) => `${dir}/${e}/infra`)
        : [];
    })
    .filter((dir) => fs.existsSync(path.join(root, dir)));
  if (overlays.length === 0) problems.push("apps/: no overlay renders a Bucket");
  for (const dir of overlays) {
    const docs = render(root, dir);
    if (typeof docs === "string") {
      problems.push(docs);
      continue;
    }
    for (const o of docs.filter(
      (d) => d.kind === "Bucket" && d.apiVersion.startsWith("s3.services.k8s.aws/"),
    )) {
      const lifecycle = isRecord(o.spec.lifecycle) ? o.spec.lifecycle : {};
      const aborts = (Array.isArray(lifecycle.rules) ? lifecycle.rules : []).some(
        (r) =>
          isRecord(r) &&
          r.status === "Enabled" &&
          isRecord(r.abortIncompleteMultipartUpload) &&
          typeof r.abortIncompleteMultipartUpload.daysAfterInitiation === "number",
      );
      if (!aborts)
        problems.push(
          `${dir} renders a Bucket without an enabled lifecycle rule with abortIncompleteMultipartUpload. Fix: add one in the base (daysAfterInitiation: 1).`,
        );
    }
  }
  return problems;
}

// --- (h) GitHub OIDC trust ---------------------------------------------------------------------

/** What each GitHub role may be assumed by: one exact subject (see terraform/github-oidc.tf). */
const GITHUB_ROLE_SUBJECTS: Record<string, string> = {
  deploy: "repo:${var.github_repository}:environment:${var.environment}",
  plan: "repo:${var.github_repository}:pull_request",
};

async function checkGithubTrust(root: string): Promise<string[]> {
  const files = await loadTerraform(root);
  const problems: string[] = [];
  const subjects = allLocals(files).get("github_role_subjects");
  if (!subjects || !isRecord(subjects.value)) {
    return [
      "terraform/github-oidc.tf: local github_role_subjects is missing. Fix: map each GitHub role to its one OIDC subject.",
    ];
  }
  for (const [role, expected] of Object.entries(GITHUB_ROLE_SUBJECTS)) {
    if (subjects.value[role] !== expected)
      problems.push(
        `${subjects.file}: github_role_subjects.${role} is ${JSON.stringify(subjects.value[role])}, not ${JSON.stringify(expected)}. Fix: trust exactly that subject (no wildcards, no other branches).`,
      );
  }
  for (const extra of Object.keys(subjects.value).filter((r) => !(r in GITHUB_ROLE_SUBJECTS)))
    problems.push(
      `${subjects.file}: github_role_subjects.${extra} is not a known GitHub role. Fix: remove it or add it to this contract.`,
    );
  const trust = typedBlocks(files, "data", "aws_iam_policy_document").find((d) => d.name === "github_trust");
  const statement = firstBlock(trust?.body.statement);
  const conditions = Array.isArray(statement.condition) ? statement.condition.filter(isRecord) : [];
  const sub = conditions.find((c) => String(c.variable).endsWith(":sub"));
  const aud = conditions.find((c) => String(c.variable).endsWith(":aud"));
  if (!trust || sub?.test !== "StringEquals" || stringList(sub.values)?.join() !== "${each.value}")
    problems.push(
      "terraform/github-oidc.tf: aws_iam_policy_document.github_trust must require StringEquals on :sub with each role's subject. Fix: restore the condition.",
    );
  if (aud?.test !== "StringEquals" || stringList(aud.values)?.join() !== "sts.amazonaws.com")
    problems.push(
      "terraform/github-oidc.tf: github_trust must require aud sts.amazonaws.com (StringEquals).",
    );
  for (const role of typedBlocks(files, "resource", "aws_iam_role").filter(
    (r) => r.name in GITHUB_ROLE_SUBJECTS,
  )) {
    const policy = `\${data.aws_iam_policy_document.github_trust["${role.name}"].json}`;
    if (role.body.assume_role_policy !== policy)
      problems.push(`${role.file}: aws_iam_role.${role.name} must be assumed through ${policy}.`);
  }
  return problems;
}

// --- Test plumbing -----------------------------------------------------------------------------

const scratch: string[] = [];
after(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** A scratch copy of the parts of the repository these checks read. */
function copyRepo(): string {
  const dir = tempDir("tf-contract-");
  for (const part of ["terraform", "clusters", "apps", "docs", ".github"]) {
    const from = path.join(REPO, part);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(dir, part), {
      recursive: true,
      filter: (src) => !src.split(path.sep).includes(".terraform"),
    });
  }
  return dir;
}

function edit(root: string, file: string, from: string | RegExp, to: string): void {
  const full = path.join(root, file);
  const text = fs.readFileSync(full, "utf8");
  const next = text.replace(from, to);
  assert.notEqual(next, text, `test setup: ${String(from)} not found in ${file}`);
  fs.writeFileSync(full, next);
}

function assertProblem(problems: string[], ...fragments: string[]): void {
  const hit = problems.find((p) => fragments.every((f) => p.includes(f)));
  assert.ok(
    hit,
    `expected a problem mentioning ${fragments.map((f) => JSON.stringify(f)).join(" and ")}; got:\n${problems.join("\n")}`,
  );
}

function assertClean(problems: string[]): void {
  assert.deepEqual(problems, [], problems.join("\n"));
}

describe("terraform contract", () => {
  describe("(a) cluster-vars keys are the provider: terraform variables", () => {
    test("this repository", async () => assertClean(await checkClusterVars(REPO)));

    test("a variable declared in clusters/variables.yaml but never written fails", async () => {
      const root = copyRepo();
      edit(
        root,
        "clusters/variables.yaml",
        /^variables:\n/m,
        "variables:\n  NEW_CLUSTER_FACT:\n    description: x\n    provider: terraform\n",
      );
      assertProblem(
        await checkClusterVars(root),
        "clusters/variables.yaml",
        "terraform/flux.tf",
        "NEW_CLUSTER_FACT",
      );
    });

    test("a key written but not declared fails", async () => {
      const root = copyRepo();
      edit(
        root,
        "terraform/flux.tf",
        "    AWS_REGION       = var.aws_region\n",
        '    AWS_REGION       = var.aws_region\n    UNDECLARED_KEY   = "x"\n',
      );
      assertProblem(
        await checkClusterVars(root),
        "terraform/flux.tf",
        "clusters/variables.yaml",
        "UNDECLARED_KEY",
      );
    });
  });

  describe("(b) every variable has a type and a description", () => {
    test("this repository", async () => assertClean(await checkDeclarations(REPO)));

    test("a variable without description or type fails", async () => {
      const root = copyRepo();
      fs.writeFileSync(
        path.join(root, "terraform", "extra.tf"),
        'variable "half_declared" {\n  default = 1\n}\n',
      );
      const problems = await checkDeclarations(root);
      assertProblem(problems, "terraform/extra.tf", "half_declared", "no type", "Fix");
      assertProblem(problems, "terraform/extra.tf", "half_declared", "no description", "Fix");
    });
  });

  describe("(c) every output is documented or used", () => {
    test("this repository", async () => assertClean(await checkOutputsUsed(REPO)));

    test("an output nobody reads fails", async () => {
      const root = copyRepo();
      fs.writeFileSync(
        path.join(root, "terraform", "extra.tf"),
        'output "nobody_reads_this" {\n  description = "x"\n  value       = 1\n}\n',
      );
      assertProblem(
        await checkOutputsUsed(root),
        "terraform/extra.tf",
        "nobody_reads_this",
        "docs/operations.md",
      );
    });
  });

  describe("(d) environments set every required variable", () => {
    test("this repository", async () => assertClean(await checkEnvironments(REPO)));

    test("a missing required variable, a sensitive one in the file and no locking fail", async () => {
      const root = copyRepo();
      edit(root, "terraform/envs/staging.tfvars", /^kubernetes_version.*\n/m, "");
      edit(root, "terraform/envs/staging.tfvars", /^environment /m, "flux_git_auth = {}\nenvironment ");
      edit(root, "terraform/envs/staging.s3.tfbackend", "use_lockfile = true", "use_lockfile = false");
      const problems = await checkEnvironments(root);
      assertProblem(problems, "terraform/envs/staging.tfvars", "kubernetes_version", "Fix");
      assertProblem(problems, "terraform/envs/staging.tfvars", "flux_git_auth", "TF_VAR_flux_git_auth");
      assertProblem(problems, "terraform/envs/staging.s3.tfbackend", "use_lockfile = true");
    });
  });

  describe("(e) IAM names and tags match what the overlays create", () => {
    test("this repository", async () => assertClean(await checkNamesAgainstOverlays(REPO)));

    test("a bucket renamed in an overlay fails", async () => {
      const root = copyRepo();
      edit(
        root,
        "apps/taxi-trips/overlays/dev/infra/names.yaml",
        "name: edp-taxi-trips-dev",
        "name: edp-taxi-trips-dev2",
      );
      assertProblem(
        await checkNamesAgainstOverlays(root, ["dev"]),
        "apps/taxi-trips/overlays/dev/infra",
        "Bucket spec.name",
        "edp-taxi-trips-dev2",
        "name_templates.bucket",
      );
    });

    test("a virtual cluster tagged for another environment fails", async () => {
      const root = copyRepo();
      edit(
        root,
        "apps/taxi-trips/overlays/dev/infra/names.yaml",
        "edp.dev/environment: dev",
        "edp.dev/environment: prod",
      );
      assertProblem(
        await checkNamesAgainstOverlays(root, ["dev"]),
        "apps/taxi-trips/overlays/dev/infra",
        "edp.dev/environment",
        "Fix",
      );
    });

    test("a renamed state machine template fails", async () => {
      const root = copyRepo();
      edit(
        root,
        "terraform/naming.tf",
        'state_machine   = "{pipeline}-${var.environment}"',
        'state_machine   = "sm-{pipeline}-${var.environment}"',
      );
      assertProblem(
        await checkNamesAgainstOverlays(root, ["dev"]),
        "StateMachine spec.name",
        "terraform/naming.tf",
      );
    });
  });

  describe("(f) terraform fmt", () => {
    test("this repository", () => assertClean(checkFormat(REPO)));

    test("an unformatted copy fails and names the file", () => {
      const root = tempDir("tf-fmt-");
      fs.mkdirSync(path.join(root, "terraform"));
      const text = fs.readFileSync(path.join(REPO, "terraform", "versions.tf"), "utf8");
      fs.writeFileSync(
        path.join(root, "terraform", "versions.tf"),
        text.replace("required_version = ", "required_version     =   "),
      );
      const problems = checkFormat(root);
      assertProblem(problems, "terraform/versions.tf", "terraform fmt -recursive terraform");
    });
  });

  describe("(h) each GitHub role trusts one exact OIDC subject", () => {
    test("this repository", async () => assertClean(await checkGithubTrust(REPO)));

    test("a widened subject or a role wired to the other trust fails", async () => {
      const root = copyRepo();
      edit(root, "terraform/github-oidc.tf", ':environment:${var.environment}"', ':*"');
      edit(root, "terraform/github-oidc.tf", 'github_trust["plan"]', 'github_trust["deploy"]');
      const problems = await checkGithubTrust(root);
      assertProblem(problems, "github_role_subjects.deploy", "exactly that subject");
      assertProblem(problems, "aws_iam_role.plan", 'github_trust["plan"]');
    });
  });

  describe("(i) a failed multipart upload can be cleaned up", () => {
    test("this repository", async () => assertClean(await checkMultipartAbort(REPO)));

    test("a deploy role that cannot abort, or a bucket that keeps incomplete uploads, fails", async () => {
      const root = copyRepo();
      edit(root, "terraform/github-oidc.tf", ', "s3:AbortMultipartUpload"]', "]");
      edit(
        root,
        "apps/taxi-trips/base/infra/bucket.yaml",
        "daysAfterInitiation: 1",
        "daysAfterInitiation: null",
      );
      const problems = await checkMultipartAbort(root);
      assertProblem(problems, "terraform/github-oidc.tf", "s3:AbortMultipartUpload");
      assertProblem(problems, "apps/taxi-trips/overlays/dev/infra", "abortIncompleteMultipartUpload");
    });
  });

  describe('(g) Resource "*" only where AWS requires it', () => {
    test("this repository", async () => assertClean(await checkWildcards(REPO)));

    test("an unexplained wildcard fails", async () => {
      const root = copyRepo();
      fs.writeFileSync(
        path.join(root, "terraform", "extra.tf"),
        'data "aws_iam_policy_document" "lazy" {\n  statement {\n    sid       = "Everything"\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n}\n',
      );
      assertProblem(await checkWildcards(root), "terraform/extra.tf", "Everything", "RequiresWildcard");
    });
  });
});
