/**
 * Renders every environment as Flux would apply it:
 *  1. discover environments (clusters/<env>/) and parse their files: the cluster root;
 *  2. find the Flux Kustomizations there and render each spec.path with kustomize, in parallel;
 *  3. apply post-build substitution per Kustomization, dependencies first, with values from
 *     inline `substitute`, ConfigMaps rendered from Git, and the declared examples of the
 *     variables Terraform and ACK provide;
 *  4. return objects that can locate any of their fields in the source files.
 * Problems that make a part unrenderable are returned as RenderProblems; other environments
 * still render.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../errors.ts";
import { EnvironmentBuilder, type RenderedEnvironment } from "./environment-builder.ts";
import { dependencyOrder } from "./flux.ts";
import { kustomizeRunner, renderPool, type KustomizeRunner } from "./kustomize.ts";
import type { RenderProblem } from "./problems.ts";
import { loadVariables, type VariableDeclarations } from "./variables.ts";
import { SourceCache, toPosix } from "./yaml-source.ts";

export const CLUSTERS_DIR = "clusters";

export interface RenderOptions {
  repoRoot: string;
  environments?: string[];
  /**
   * Called as each environment finishes rendering (before the others have): checks can run
   * while kustomize still builds the rest. Awaited before renderEnvironments returns.
   */
  onEnvironment?: (
    env: RenderedEnvironment,
    shared: { variables: VariableDeclarations; cache: SourceCache },
  ) => Promise<void> | void;
  /** Render only environments whose inputs include one of these repo-relative files. */
  onlyAffectedBy?: ReadonlySet<string>;
  /** Runs kustomize (default: the kustomize or kubectl on PATH, in a child process). */
  kustomize?: KustomizeRunner;
}

export interface RenderResult {
  environments: RenderedEnvironment[];
  /** In the order they were met. */
  problems: RenderProblem[];
  variables: VariableDeclarations;
  cache: SourceCache;
  stats: { documents: number; renderMs: number; kustomizeRuns: number };
}

export function listEnvironments(repoRoot: string): string[] {
  const dir = path.join(repoRoot, CLUSTERS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith(".") && statSync(path.join(dir, name)).isDirectory())
    .sort();
}

export async function renderEnvironments(options: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  const { repoRoot } = options;
  const cache = new SourceCache(repoRoot);
  const problems: RenderProblem[] = [];
  const variables = await loadVariables(repoRoot);
  for (const p of variables.problems) {
    problems.push({
      type: "variables-invalid",
      message: p.message,
      at: { file: variables.file, line: p.line },
      environment: null,
      resource: null,
    });
  }
  const available = listEnvironments(repoRoot);
  if (available.length === 0) {
    throw new UsageError(
      `no environments found: expected directories under ${path.join(repoRoot, CLUSTERS_DIR)}/ (clusters/<env>/)`,
    );
  }
  // Each environment once, however often it was asked for (--env dev,dev).
  const wanted = options.environments?.length ? [...new Set(options.environments)] : available;
  const unknown = wanted.filter((e) => !available.includes(e));
  if (unknown.length > 0) {
    throw new UsageError(`unknown environment(s) ${unknown.join(", ")}; known: ${available.join(", ")}`);
  }
  const kustomize = options.kustomize ?? kustomizeRunner();
  const pool = renderPool();
  let kustomizeRuns = 0;

  const environments = await Promise.all(
    wanted.map(async (name, index): Promise<RenderedEnvironment> => {
      // Let the previous environment's kustomize start (p-limit starts tasks on a microtask)
      // before this one's preparation takes the thread.
      for (let i = 0; i < index; i++) await new Promise((resolve) => setImmediate(resolve));
      const env = new EnvironmentBuilder(
        name,
        `${CLUSTERS_DIR}/${name}`,
        repoRoot,
        cache,
        variables,
        problems,
      );
      env.loadRoot();
      if (options.onlyAffectedBy && !env.restrictTo(options.onlyAffectedBy)) return env.result();
      // One kustomize process for all of the environment's Kustomizations when their objects
      // can be told apart; otherwise (and for whatever that left) one per Kustomization.
      const rendered = await env.renderTogether((dirs) =>
        pool(() => {
          kustomizeRuns++;
          return kustomize(dirs);
        }),
      );
      const queue = env.kustomizations.filter((k) => !rendered.has(k));
      queue.push(...env.nestedIn([...rendered.entries()]));
      while (queue.length > 0) {
        const batch = queue.splice(0);
        const results = await Promise.all(
          batch.map((k) =>
            pool(async () => {
              const docs = await env.renderKustomizationPath(k, async (dir) => {
                kustomizeRuns++;
                return kustomize([{ dir, displayName: toPosix(path.relative(repoRoot, dir)) }]);
              });
              return [k, docs] as const;
            }),
          ),
        );
        for (const [k, docs] of results) rendered.set(k, docs);
        queue.push(...env.nestedIn(results));
      }
      for (const k of dependencyOrder(env.kustomizations)) {
        const docs = rendered.get(k);
        if (docs) env.materialise(k, docs);
      }
      const result = env.result();
      await options.onEnvironment?.(result, { variables, cache });
      return result;
    }),
  );
  const documents = environments.reduce((n, e) => n + e.objects.length, 0);
  return {
    environments,
    problems,
    variables,
    cache,
    stats: { documents, renderMs: performance.now() - started, kustomizeRuns },
  };
}
