/**
 * Sync targets from the rendered manifests of one environment:
 *   1. group the ACK Buckets by pipeline (the nearest folder above the object's source, or
 *      above its Flux Kustomization's spec.path, that holds pipeline.yaml);
 *   2. per pipeline: the bucket name from Bucket spec.name, the sources from pipeline.yaml;
 *   3. every Rule (pattern, state, target state machines) and StateMachine of the environment.
 * Nothing is typed twice: names come from the same render `edp validate` checks, read once
 * (declared.ts).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.ts";
import { FLUX_KUSTOMIZATION, isKind, specString } from "../model/ack.ts";
import type { RenderedObject } from "../model/manifest.ts";
import { PIPELINE_FILE, readPipelineSources } from "./config.ts";
import { declaredResources } from "./declared.ts";
import type { DeclaredStateMachine, MatchableRule, Pipeline } from "./types.ts";

export interface DiscoverOptions {
  /**
   * Leave out Rules whose pattern cannot be read (`edp validate` reports them at their line as
   * eventpattern/invalid) instead of refusing the environment, as the sync must: it could not
   * say which uploads start a run.
   */
  skipUnreadableRules?: boolean;
}

/** The pipelines of one environment; ConfigError when the manifests cannot say what to sync. */
export function discoverPipelines(
  repoRoot: string,
  environment: string,
  objects: readonly RenderedObject[],
  options: DiscoverOptions = {},
): Pipeline[] {
  const declared = declaredResources(objects);
  const rules = declared.rules.flatMap((rule): MatchableRule[] => {
    if (rule.pattern) return [rule as MatchableRule];
    if (options.skipUnreadableRules) return [];
    const name = rule.object.name;
    const first = rule.patternProblems[0]?.message ?? "";
    if (rule.patternProblems.some((p) => p.message.startsWith("invalid JSON"))) {
      throw new ConfigError(
        `environment ${environment}: Rule/${name} spec.eventPattern is not JSON (${first}); run 'edp validate'`,
      );
    }
    throw new ConfigError(
      first
        ? `environment ${environment}: Rule/${name} spec.eventPattern cannot be read (${first}); run 'edp validate'`
        : `environment ${environment}: Rule/${name} spec.eventPattern must be a JSON object`,
    );
  });
  const stateMachines = new Map<string, DeclaredStateMachine>();
  for (const sm of declared.stateMachines) stateMachines.set(sm.name, sm);
  const kustomizationPaths = new Map<string, string>();
  for (const o of objects.filter((x) => isKind(x, FLUX_KUSTOMIZATION))) {
    const p = (o.object.spec as { path?: unknown } | undefined)?.path;
    if (typeof p === "string") kustomizationPaths.set(o.name, p);
  }
  const finder = pipelineFinder(repoRoot);
  const folderOf = (o: RenderedObject): string | undefined =>
    [o.origin, kustomizationPaths.get(o.kustomization)]
      .filter((s): s is string => typeof s === "string")
      .map(finder)
      .find((d) => d !== null) ?? undefined;

  const byPipeline = new Map<string, string[]>();
  for (const bucket of declared.buckets) {
    const dir = folderOf(bucket.object);
    if (dir === undefined) continue; // a bucket no pipeline uploads to (e.g. a log bucket)
    const name = specString(bucket.object, "name");
    if (!name)
      throw new ConfigError(`environment ${environment}: Bucket/${bucket.object.name} has no spec.name`);
    const list = byPipeline.get(dir) ?? [];
    list.push(name);
    byPipeline.set(dir, list);
  }

  return [...byPipeline.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([dir, buckets]): Pipeline => {
      if (buckets.length > 1) {
        throw new ConfigError(
          `environment ${environment}: pipeline ${dir} declares ${buckets.length} Buckets ` +
            `(${buckets.join(", ")}); edp sync needs exactly one per pipeline`,
        );
      }
      return {
        name: path.posix.basename(dir),
        dir,
        bucket: buckets[0]!,
        sources: readPipelineSources(repoRoot, dir),
        rules,
        stateMachines,
        virtualClusters: declared.virtualClusters.filter((vc) => folderOf(vc.object) === dir),
      };
    });
}

/** Repository-relative path → the nearest folder at or above it holding pipeline.yaml. */
function pipelineFinder(repoRoot: string): (start: string) => string | null {
  const cache = new Map<string, boolean>();
  const has = (dir: string): boolean => {
    let hit = cache.get(dir);
    if (hit === undefined) {
      hit = existsSync(path.join(repoRoot, dir, PIPELINE_FILE));
      cache.set(dir, hit);
    }
    return hit;
  };
  return (start) => {
    let dir = path.posix.normalize(start.replace(/^\.\//, "")).replace(/\/+$/, "");
    if (dir.startsWith("..") || path.posix.isAbsolute(dir)) return null;
    for (;;) {
      if (dir !== "." && dir !== "" && has(dir)) return dir;
      const parent = path.posix.dirname(dir);
      if (parent === dir || dir === "." || dir === "") return null;
      dir = parent;
    }
  };
}
