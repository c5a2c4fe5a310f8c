/**
 * `edp validate`, the pull-request check:
 *  1. render every environment as Flux would (render/);
 *  2. per environment, run the rule families: schema, embedded documents (ASL, event
 *     patterns and the trigger proof), wiring, Flux, traps, variables;
 *  3. run the cross-environment and repository-wide rules;
 *  4. return findings sorted, with the wiring graph for the job summary.
 */
import path from "node:path";
import { sortFindings, type Finding } from "../model/finding.ts";
import type { EnvironmentWiring, ValidationReport } from "../model/report.ts";
import {
  listEnvironments,
  renderEnvironments,
  type RenderedEnvironment,
  type RenderResult,
} from "../render/index.ts";
import { renderConcurrency } from "../render/kustomize.ts";
import { prepareAslValidator } from "../asl/index.ts";
import { loadSchemaRegistry, type SchemaRegistry } from "../schemas/validator.ts";
import { collectSources, createRepositoryListing, type RepositoryListing } from "../sync/sources.ts";
import { findSyncTargets } from "../sync/targets.ts";
import { changedFiles } from "./changed.ts";
import { loadConfig } from "./config.ts";
import { readManifestFiles, type ManifestFile } from "./manifest-files.ts";
import { renderProblemFindings } from "./render-problems.ts";
import {
  isEntryPoint,
  makeReporter,
  type EnvironmentRule,
  type PipelineUploads,
  type RuleContext,
} from "./context.ts";
import { checkEmbeddedDocuments } from "./rules/embedded.ts";
import { checkFlux } from "./rules/flux.ts";
import { checkSchemas } from "./rules/schema.ts";
import { checkBucketNotification, checkLiteralAccountIds } from "./rules/traps.ts";
import { checkUnusedVariables, checkVariables } from "./rules/variables.ts";
import { checkDuplicateNames, checkWiring } from "./rules/wiring.ts";
import { buildWiring } from "./wiring-graph.ts";

export interface ValidateOptions {
  repoRoot: string;
  environments?: string[];
  /** Render only what a change since this Git ref can affect. */
  changedSince?: string;
  /** Directory of generated schemas; default <repoRoot>/schemas. */
  schemasDir?: string;
}

const ENVIRONMENT_RULES: EnvironmentRule[] = [
  checkSchemas,
  checkEmbeddedDocuments,
  checkWiring,
  checkFlux,
  checkBucketNotification,
  checkVariables,
];

let registryCache: { dir: string; registry: SchemaRegistry } | null = null;

export async function validateRepository(options: ValidateOptions): Promise<ValidationReport> {
  const repoRoot = path.resolve(options.repoRoot);
  const config = loadConfig(repoRoot);
  const schemasDir = options.schemasDir ?? path.join(repoRoot, "schemas");
  if (registryCache?.dir !== schemasDir)
    registryCache = { dir: schemasDir, registry: loadSchemaRegistry(schemasDir) };
  const schemas = registryCache.registry;

  let onlyAffectedBy: Set<string> | undefined;
  if (options.changedSince) {
    const changed = changedFiles(repoRoot, options.changedSince);
    if (!changed.everything) onlyAffectedBy = changed.files;
  }
  // Git lists the repository when the first environment's pipelines are collected, not before:
  // kustomize starts sooner, and the two git processes do not compete with it at the start.
  const listing = createRepositoryListing(repoRoot);
  // Compiling schemas is CPU work: start it where a core is free. With fewer environments than
  // cores one is free from the start; otherwise the first finished render frees one, while
  // kustomize still builds the others (starting earlier would slow those builds down).
  // Read when first needed (after kustomize has started): thousands of files in a large repository.
  let manifestFiles: ManifestFile[] | null = null;
  const manifests = () => (manifestFiles ??= readManifestFiles(repoRoot));
  let warm: Promise<void> | null = null;
  const warmOnce = () => (warm ??= warmUp(schemas, () => declaredKinds(manifests())));
  const environmentCount = options.environments?.length || listEnvironments(repoRoot).length;
  if (environmentCount < renderConcurrency()) void warmOnce();
  const findings: Finding[] = [];
  const uploadsCache = new Map<string, Promise<Omit<PipelineUploads, "target"> | null>>();
  let validateMs = 0;
  let checkMs = 0;
  // Each environment is checked as soon as it is rendered, while kustomize builds the others.
  const checkEnvironment = async (
    env: RenderedEnvironment,
    shared: Pick<RenderResult, "variables" | "cache">,
  ) => {
    if (env.objects.length === 0) return;
    await warmOnce();
    const started = performance.now();
    const report = makeReporter(findings, env.name);
    const pipelines = await pipelinesOf(repoRoot, env, uploadsCache, listing, (message, file) =>
      report("render/kustomize-failed", message, { file, line: null }, null),
    );
    const ctx: RuleContext = {
      repoRoot,
      render: shared,
      env,
      schemas,
      allowKinds: config.allowKinds,
      pipelines,
      report,
    };
    for (const rule of ENVIRONMENT_RULES) rule(ctx);
    const spent = performance.now() - started;
    validateMs += spent;
    checkMs += spent;
  };
  const render = await renderEnvironments({
    repoRoot,
    environments: options.environments,
    onlyAffectedBy,
    onEnvironment: checkEnvironment,
  });
  const validateStarted = performance.now();
  findings.push(...renderProblemFindings(render.problems));
  const rendered = render.environments.filter((e) => e.objects.length > 0);

  checkDuplicateNames(rendered, (env, rule, message, o) =>
    makeReporter(findings, env)(rule, message, o.locate(["spec", "name"]), o),
  );
  const repoWide = makeReporter(findings, null);
  checkLiteralAccountIds(manifests(), (message, file, line) =>
    repoWide("trap/literal-account-id", message, { file, line }, null),
  );
  const everyEnvironment = !onlyAffectedBy && !options.environments?.length;
  if (everyEnvironment) {
    checkUnusedVariables(rendered, render.variables, (message, line) =>
      repoWide("vars/unused", message, { file: render.variables.file, line }, null),
    );
  }

  const sorted = sortFindings(dedupe(findings));
  const wiring: EnvironmentWiring[] = rendered.map((env) => buildWiring(env, sorted));
  return {
    ok: !sorted.some((f) => f.severity === "error"),
    environments: render.environments.map((e) => e.name),
    findings: sorted,
    stats: {
      documents: render.stats.documents,
      // Checks ran inside the render window (per environment, as each finished): not render time.
      renderMs: Math.round(render.stats.renderMs - checkMs),
      validateMs: Math.round(validateMs + performance.now() - validateStarted),
    },
    wiring,
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

/** The pipelines an environment syncs, with the keys they upload (shared across environments). */
async function pipelinesOf(
  repoRoot: string,
  env: RenderedEnvironment,
  cache: Map<string, Promise<Omit<PipelineUploads, "target"> | null>>,
  listing: RepositoryListing,
  fail: (message: string, file: string) => void,
): Promise<PipelineUploads[]> {
  let targets;
  try {
    targets = findSyncTargets(repoRoot, env.name, env.objects);
  } catch (error) {
    fail((error as Error).message, "apps");
    return [];
  }
  const uploads = await Promise.all(
    targets.map((target) => {
      const cacheKey = `${target.dir}|${JSON.stringify(target.sources)}`;
      let entry = cache.get(cacheKey);
      if (!entry) {
        entry = collectSources(repoRoot, target.dir, target.sources, listing)
          .then((c) => ({
            files: c.files,
            entryPoints: new Set(c.files.filter((f) => isEntryPoint(f.abs, f.key)).map((f) => f.key)),
          }))
          .catch((error: unknown) => {
            fail(
              `cannot list the files of ${target.dir}: ${(error as Error).message}`,
              `${target.dir}/pipeline.yaml`,
            );
            return null;
          });
        cache.set(cacheKey, entry);
      }
      return entry;
    }),
  );
  return targets.flatMap((target, i) => {
    const u = uploads[i];
    return u ? [{ target, ...u }] : [];
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

export { listEnvironments, type RenderResult };
