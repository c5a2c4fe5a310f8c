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
import { listEnvironments, renderEnvironments, type RenderedEnvironment, type RenderResult } from "../render/index.ts";
import { loadSchemaRegistry, type SchemaRegistry } from "../schemas/validator.ts";
import { collectSources } from "../sync/sources.ts";
import { findSyncTargets } from "../sync/targets.ts";
import { changedFiles } from "./changed.ts";
import { loadConfig } from "./config.ts";
import { isEntryPoint, makeReporter, type EnvironmentRule, type PipelineUploads, type RuleContext } from "./context.ts";
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

const ENVIRONMENT_RULES: EnvironmentRule[] = [checkSchemas, checkEmbeddedDocuments, checkWiring, checkFlux, checkBucketNotification, checkVariables];

let registryCache: { dir: string; registry: SchemaRegistry } | null = null;

export async function validateRepository(options: ValidateOptions): Promise<ValidationReport> {
  const repoRoot = path.resolve(options.repoRoot);
  const config = loadConfig(repoRoot);
  const schemasDir = options.schemasDir ?? path.join(repoRoot, "schemas");
  if (registryCache?.dir !== schemasDir) registryCache = { dir: schemasDir, registry: loadSchemaRegistry(schemasDir) };
  const schemas = registryCache.registry;

  let onlyAffectedBy: Set<string> | undefined;
  if (options.changedSince) {
    const changed = changedFiles(repoRoot, options.changedSince);
    if (!changed.everything) onlyAffectedBy = changed.files;
  }
  const render = await renderEnvironments({ repoRoot, environments: options.environments, onlyAffectedBy });
  const validateStarted = performance.now();
  const findings: Finding[] = [...render.findings];
  const rendered = render.environments.filter((e) => e.objects.length > 0);
  const uploadsCache = new Map<string, Promise<Omit<PipelineUploads, "target"> | null>>();

  for (const env of rendered) {
    const report = makeReporter(findings, env.name);
    const pipelines = await pipelinesOf(repoRoot, env, uploadsCache, (message, file) => report("render/kustomize-failed", message, { file, line: null }, null));
    const ctx: RuleContext = { repoRoot, render, env, schemas, allowKinds: config.allowKinds, pipelines, report };
    for (const rule of ENVIRONMENT_RULES) rule(ctx);
  }

  checkDuplicateNames(rendered, (env, rule, message, o) => makeReporter(findings, env)(rule, message, o.locate(["spec", "name"]), o));
  const repoWide = makeReporter(findings, null);
  checkLiteralAccountIds(repoRoot, (message, file, line) => repoWide("trap/literal-account-id", message, { file, line }, null));
  const everyEnvironment = !onlyAffectedBy && !options.environments?.length;
  if (everyEnvironment) {
    checkUnusedVariables(rendered, render.variables, (message, line) => repoWide("vars/unused", message, { file: render.variables.file, line }, null));
  }

  const sorted = sortFindings(dedupe(findings));
  const wiring: EnvironmentWiring[] = rendered.map((env) => buildWiring(env, sorted));
  return {
    ok: !sorted.some((f) => f.severity === "error"),
    environments: render.environments.map((e) => e.name),
    findings: sorted,
    stats: {
      documents: render.stats.documents,
      renderMs: Math.round(render.stats.renderMs),
      validateMs: Math.round(performance.now() - validateStarted),
    },
    wiring,
  };
}

/** The pipelines an environment syncs, with the keys they upload (shared across environments). */
async function pipelinesOf(
  repoRoot: string,
  env: RenderedEnvironment,
  cache: Map<string, Promise<Omit<PipelineUploads, "target"> | null>>,
  fail: (message: string, file: string) => void,
): Promise<PipelineUploads[]> {
  let targets;
  try {
    targets = findSyncTargets(repoRoot, env.name, env.objects);
  } catch (error) {
    fail((error as Error).message, "apps");
    return [];
  }
  const out: PipelineUploads[] = [];
  for (const target of targets) {
    const cacheKey = `${target.dir}|${JSON.stringify(target.sources)}`;
    let entry = cache.get(cacheKey);
    if (!entry) {
      entry = collectSources(repoRoot, target.dir, target.sources)
        .then((c) => ({ files: c.files, entryPoints: new Set(c.files.filter((f) => isEntryPoint(f.abs, f.key)).map((f) => f.key)) }))
        .catch((error: unknown) => {
          fail(`cannot list the files of ${target.dir}: ${(error as Error).message}`, `${target.dir}/pipeline.yaml`);
          return null;
        });
      cache.set(cacheKey, entry);
    }
    const uploads = await entry;
    if (uploads) out.push({ target, ...uploads });
  }
  return out;
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
