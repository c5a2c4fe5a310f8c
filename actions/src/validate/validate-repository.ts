/**
 * `edp validate`, the pull-request check:
 *  1. render every environment as Flux would (render/);
 *  2. as each environment finishes rendering, discover its pipelines (pipeline/) and run the
 *     object and environment rules on it while kustomize builds the others;
 *  3. run the repository rules (render problems, cross-environment names, sources as text);
 *  4. return findings sorted, with the wiring graph for the job summary.
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { prepareAslValidator } from "../asl/index.ts";
import type { Finding } from "../model/finding.ts";
import type { RenderedObject } from "../model/manifest.ts";
import type { EnvironmentWiring, ValidationReport } from "../model/report.ts";
import {
  createRepositoryListing,
  declaredResources,
  discoverPipelines,
  UploadsCache,
  type PipelineUploads,
  type RepositoryListing,
} from "../pipeline/index.ts";
import { listEnvironments, renderEnvironments, type RenderedEnvironment } from "../render/index.ts";
import { renderConcurrency, type KustomizeRunner } from "../render/kustomize.ts";
import type { VariableDeclarations } from "../render/variables.ts";
import { MAX_SOURCE_BYTES } from "../render/yaml-source.ts";
import { loadSchemaRegistry, type SchemaRegistry, type SchemaResult } from "../schemas/validator.ts";
import { loadConstraintChecker, type ConstraintChecker } from "../schemas/aws-constraints/check.ts";
import { RULES } from "./catalog.ts";
import { changedFiles } from "./changed.ts";
import type { PipelineProblem } from "./context.ts";
import { checkEnvironment, checkRepository } from "./engine.ts";
import { readManifestFiles, type ManifestFile } from "./manifest-files.ts";
import { loadConfig, settleFindings } from "./settings/index.ts";
import { buildWiring } from "./wiring-graph.ts";
import { withoutEchoesOfFailedRenders } from "./unrendered.ts";

export interface ValidateOptions {
  repoRoot: string;
  environments?: string[];
  /** Render only what a change since this Git ref can affect. */
  changedSince?: string;
  /** Directory of generated schemas; default <repoRoot>/schemas. */
  schemasDir?: string;
}

/** The processes a check starts, replaceable so rule logic can be exercised without them. */
export interface ValidateDeps {
  /** Renders kustomizations (default: kustomize or kubectl on PATH). */
  kustomize?: KustomizeRunner;
  /** Git's listing of the repository (default: two `git ls-files` processes, on first use). */
  listing?: RepositoryListing;
}

let registryCache: { dir: string; registry: SchemaRegistry; constraints: ConstraintChecker } | null = null;

export async function validateRepository(
  options: ValidateOptions,
  deps: ValidateDeps = {},
): Promise<ValidationReport> {
  const repoRoot = path.resolve(options.repoRoot);
  const config = loadConfig(
    repoRoot,
    RULES.map((r) => r.id),
  );
  const schemasDir = options.schemasDir ?? path.join(repoRoot, "schemas");
  if (registryCache?.dir !== schemasDir)
    registryCache = {
      dir: schemasDir,
      registry: loadSchemaRegistry(schemasDir),
      constraints: loadConstraintChecker(schemasDir),
    };
  const schemas = registryCache.registry;
  const constraints = registryCache.constraints;

  let onlyAffectedBy: Set<string> | undefined;
  if (options.changedSince) {
    const changed = changedFiles(repoRoot, options.changedSince);
    if (!changed.everything) onlyAffectedBy = changed.files;
  }
  // Git lists the repository when the first environment's pipelines are collected, not before:
  // kustomize starts sooner, and the two git processes do not compete with it at the start.
  const uploads = new UploadsCache(repoRoot, deps.listing ?? createRepositoryListing(repoRoot));
  // Read when first needed (after kustomize has started): thousands of files in a large repository.
  let manifestFiles: ManifestFile[] | null = null;
  const manifests = () => (manifestFiles ??= readManifestFiles(repoRoot));
  // Compiling schemas is CPU work: start it where a core is free. With fewer environments than
  // cores one is free from the start; otherwise the first finished render frees one, while
  // kustomize still builds the others (starting earlier would slow those builds down).
  let warm: Promise<void> | null = null;
  const warmOnce = () => (warm ??= warmUp(schemas, () => declaredKinds(manifests())));
  const environmentCount = options.environments?.length || listEnvironments(repoRoot).length;
  if (environmentCount < renderConcurrency()) void warmOnce();

  const findings: Finding[] = [];
  const pipelineProblems: PipelineProblem[] = [];
  let checkMs = 0;
  // Each environment is checked as soon as it is rendered, while kustomize builds the others.
  const onEnvironment = async (env: RenderedEnvironment, shared: { variables: VariableDeclarations }) => {
    if (env.objects.length === 0) return;
    await warmOnce();
    const started = performance.now();
    const fail = (message: string, file: string) =>
      pipelineProblems.push({ environment: env.name, message, file });
    const pipelines = await pipelinesOf(repoRoot, env, uploads, fail);
    const schemaResults = new WeakMap<RenderedObject, SchemaResult>();
    checkEnvironment(
      RULES,
      {
        repoRoot,
        env,
        variables: shared.variables,
        schemaResult: (o) => {
          let result = schemaResults.get(o);
          if (!result) schemaResults.set(o, (result = schemas.validate(o.object)));
          return result;
        },
        awsConstraints: (o) => constraints.check(o.object),
        allowKinds: config.allowKinds,
        declared: declaredResources(env.objects),
        pipelines,
      },
      findings,
    );
    checkMs += performance.now() - started;
  };
  const render = await renderEnvironments({
    repoRoot,
    environments: options.environments,
    onlyAffectedBy,
    onEnvironment,
    ...(deps.kustomize ? { kustomize: deps.kustomize } : {}),
  });
  const repositoryStarted = performance.now();
  const rendered = render.environments.filter((e) => e.objects.length > 0);
  const complete = !onlyAffectedBy && !options.environments?.length;
  checkRepository(
    RULES,
    {
      repoRoot,
      environments: rendered,
      variables: render.variables,
      renderProblems: render.problems,
      pipelineProblems,
      manifests,
      complete,
    },
    findings,
  );

  const { findings: kept, skipped } = withoutEchoesOfFailedRenders(
    findings,
    render.problems,
    render.environments,
  );
  // Suppressions and .edp.yaml's levels apply before anything counts findings (ok, exit code).
  const settled = settleFindings(dedupe(kept), {
    repoRoot,
    rules: RULES,
    config,
    manifests,
    readText: (file) => readRepositoryText(repoRoot, file),
    complete,
  });
  const sorted = settled.findings;
  const wiring: EnvironmentWiring[] = rendered.map((env) => buildWiring(env, sorted));
  return {
    ok: !sorted.some((f) => f.severity === "error"),
    environments: render.environments.map((e) => e.name),
    findings: sorted,
    ...(settled.suppressed.length > 0 ? { suppressed: settled.suppressed } : {}),
    stats: {
      documents: render.stats.documents,
      // Checks ran inside the render window (per environment, as each finished): not render time.
      // checkMs counts awaits too (Git's listing), which overlap the renders: never below zero.
      renderMs: Math.max(0, Math.round(render.stats.renderMs - checkMs)),
      validateMs: Math.round(checkMs + performance.now() - repositoryStarted),
    },
    wiring,
    ...(skipped.length > 0 ? { skipped } : {}),
    ...(onlyAffectedBy
      ? {
          notRendered: render.environments
            .filter((e) => e.kustomizations.length === 0 && e.objects.length === 0)
            .map((e) => e.name),
        }
      : {}),
  };
}

/**
 * Gets every schema in use and the ASL validator ready while kustomize renders: compiling costs
 * about a second once per run (precompiled validators, when bundled, skip most of it), and the
 * main thread only waits for kustomize's processes meanwhile. One schema per turn of the event
 * loop, so rendered output is still picked up as it arrives.
 */
async function warmUp(schemas: SchemaRegistry, kindsInUse: () => ReadonlySet<string>): Promise<void> {
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  await turn();
  const kinds = kindsInUse();
  for (const kind of schemas.kinds()) {
    const slash = kind.lastIndexOf("/");
    if (!kinds.has(kind.slice(slash + 1))) continue;
    await turn();
    await schemas.prepare(kind.slice(0, slash), kind.slice(slash + 1));
  }
  await turn();
  await prepareAslValidator();
}

/** Kind names the repository's manifests declare (a quick scan: compile only schemas in use). */
function declaredKinds(manifests: readonly ManifestFile[]): Set<string> {
  const kinds = new Set<string>();
  for (const { file, text } of manifests) {
    if (!/\.ya?ml$/.test(file)) continue;
    for (const m of text.matchAll(/^kind:\s*["']?(\w+)/gm)) kinds.add(m[1] ?? "");
  }
  return kinds;
}

/** The pipelines an environment syncs, with the files they upload (listed once per run). */
async function pipelinesOf(
  repoRoot: string,
  env: RenderedEnvironment,
  uploads: UploadsCache,
  fail: (message: string, file: string) => void,
): Promise<PipelineUploads[]> {
  let pipelines;
  try {
    pipelines = discoverPipelines(repoRoot, env.name, env.objects, { skipUnreadableRules: true });
  } catch (error) {
    fail((error as Error).message, "apps");
    return [];
  }
  const files = await Promise.all(pipelines.map((p) => uploads.filesOf(p, fail)));
  return pipelines.flatMap((target, i) => {
    const f = files[i];
    return f ? [{ target, ...f }] : [];
  });
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}|${f.environment}|${f.file}|${f.line}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A repository file a finding points into, as text: null when missing, too large or outside. */
function readRepositoryText(repoRoot: string, file: string): string | null {
  try {
    const full = path.join(repoRoot, file);
    const inside = path.relative(realpathSync(repoRoot), realpathSync(full));
    if (inside.startsWith("..") || path.isAbsolute(inside)) return null;
    const info = statSync(full);
    if (!info.isFile() || info.size > MAX_SOURCE_BYTES) return null;
    return readFileSync(full, "utf8");
  } catch {
    return null;
  }
}
