/** The environment's pipelines, from the same render `edp validate` checks (which must be clean). */
import { ConfigError, UsageError } from "../errors.ts";
import { discoverPipelines } from "../pipeline/index.ts";
import type { Pipeline, RenderFn, SyncOptions } from "./types.ts";

export async function renderTargets(options: SyncOptions, render: RenderFn | undefined): Promise<Pipeline[]> {
  const renderFn = render ?? (await import("../render/index.ts")).renderEnvironments;
  const rendered = await renderFn({ repoRoot: options.repoRoot, environments: [options.environment] });
  const env = rendered.environments.find((e) => e.name === options.environment);
  if (!env) {
    const known = rendered.environments.map((e) => e.name).join(", ") || "none";
    throw new UsageError(`unknown environment '${options.environment}' (environments: ${known})`);
  }
  // Every render problem stops a whole Kustomization: none is a mere warning.
  const blocking = rendered.problems.filter((p) => p.environment === null || p.environment === env.name);
  if (blocking.length > 0) {
    const first = blocking
      .slice(0, 3)
      .map((p) => `${p.at.file}${p.at.line ? `:${p.at.line}` : ""}: ${p.message}`);
    throw new ConfigError(
      `environment ${env.name} does not render cleanly (${blocking.length} error(s)): ${first.join("; ")}. Run 'edp validate'.`,
    );
  }
  const targets = discoverPipelines(options.repoRoot, env.name, env.objects);
  if (targets.length === 0) {
    throw new ConfigError(
      `environment ${env.name} has no pipeline to sync: no Bucket is declared under a folder with pipeline.yaml`,
    );
  }
  return targets;
}
