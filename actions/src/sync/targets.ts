/**
 * Sync targets from the rendered manifests of one environment:
 *   1. group the ACK Buckets by pipeline (the nearest folder above the object's source, or
 *      above its Flux Kustomization's spec.path, that holds pipeline.yaml);
 *   2. per pipeline: the bucket name from Bucket spec.name, the sources from pipeline.yaml;
 *   3. every Rule (pattern, state, target state machines) and StateMachine of the environment.
 * Nothing is typed twice: names come from the same render `edp validate` checks.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.ts";
import type { RenderedObject } from "../model/manifest.ts";
import { PIPELINE_FILE, readPipelineSources } from "./pipeline-config.ts";
import { triggerPrefixes } from "./triggers.ts";
import type { DeclaredRule, DeclaredStateMachine, PipelineTarget } from "./types.ts";

const BUCKET = { group: "s3.services.k8s.aws", kind: "Bucket" };
const RULE = { group: "eventbridge.services.k8s.aws", kind: "Rule" };
const STATE_MACHINE = { group: "sfn.services.k8s.aws", kind: "StateMachine" };
const FLUX_KUSTOMIZATION = { group: "kustomize.toolkit.fluxcd.io", kind: "Kustomization" };

export function findSyncTargets(
  repoRoot: string,
  environment: string,
  objects: readonly RenderedObject[],
): PipelineTarget[] {
  const rules = objects.filter((o) => isKind(o, RULE)).map((o) => declaredRule(environment, o));
  const stateMachines = new Map<string, DeclaredStateMachine>();
  for (const o of objects.filter((x) => isKind(x, STATE_MACHINE))) {
    const sm = declaredStateMachine(o);
    stateMachines.set(sm.name, sm);
  }
  const kustomizationPaths = new Map<string, string>();
  for (const o of objects.filter((x) => isKind(x, FLUX_KUSTOMIZATION))) {
    const p = (o.object.spec as { path?: unknown } | undefined)?.path;
    if (typeof p === "string") kustomizationPaths.set(o.name, p);
  }
  const finder = pipelineFinder(repoRoot);

  const byPipeline = new Map<string, { bucket: string; object: RenderedObject }[]>();
  for (const o of objects.filter((x) => isKind(x, BUCKET))) {
    const starts = [o.origin, kustomizationPaths.get(o.kustomization)].filter(
      (s): s is string => typeof s === "string",
    );
    const dir = starts.map(finder).find((d) => d !== null);
    if (dir === undefined) continue; // a bucket no pipeline uploads to (e.g. a log bucket)
    const name = specString(o, "name");
    if (!name) throw new ConfigError(`environment ${environment}: Bucket/${o.name} has no spec.name`);
    const list = byPipeline.get(dir) ?? [];
    list.push({ bucket: name, object: o });
    byPipeline.set(dir, list);
  }

  return [...byPipeline.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([dir, buckets]): PipelineTarget => {
      if (buckets.length > 1) {
        throw new ConfigError(
          `environment ${environment}: pipeline ${dir} declares ${buckets.length} Buckets ` +
            `(${buckets.map((b) => b.bucket).join(", ")}); edp sync needs exactly one per pipeline`,
        );
      }
      return {
        name: path.posix.basename(dir),
        dir,
        bucket: buckets[0]!.bucket,
        sources: readPipelineSources(repoRoot, dir),
        rules,
        stateMachines,
      };
    });
}

function isKind(o: RenderedObject, want: { group: string; kind: string }): boolean {
  return o.kind === want.kind && o.apiVersion.split("/")[0] === want.group;
}

function specString(o: RenderedObject, field: string): string | null {
  const value = (o.object.spec as Record<string, unknown> | undefined)?.[field];
  return typeof value === "string" && value !== "" ? value : null;
}

function declaredRule(environment: string, o: RenderedObject): DeclaredRule {
  const spec = (o.object.spec ?? {}) as Record<string, unknown>;
  const name = specString(o, "name") ?? o.name;
  const patternText = typeof spec.eventPattern === "string" ? spec.eventPattern : "";
  let pattern: unknown;
  try {
    pattern = JSON.parse(patternText);
  } catch (error) {
    throw new ConfigError(
      `environment ${environment}: Rule/${o.name} spec.eventPattern is not JSON (${(error as Error).message}); run 'edp validate'`,
    );
  }
  if (typeof pattern !== "object" || pattern === null || Array.isArray(pattern)) {
    throw new ConfigError(
      `environment ${environment}: Rule/${o.name} spec.eventPattern must be a JSON object`,
    );
  }
  const targets = Array.isArray(spec.targets) ? (spec.targets as Record<string, unknown>[]) : [];
  const targetArns = targets.map((t) => t?.arn).filter((a): a is string => typeof a === "string");
  return {
    name,
    eventBusName:
      typeof spec.eventBusName === "string" && spec.eventBusName !== "" ? spec.eventBusName : "default",
    pattern: pattern as Record<string, unknown>,
    patternText,
    enabled: spec.state === undefined || spec.state === "ENABLED",
    targetArns,
    stateMachines: targetArns.map(stateMachineNameFromArn).filter((n): n is string => n !== null),
    triggerPrefixes: triggerPrefixes(pattern as Record<string, unknown>),
  };
}

function declaredStateMachine(o: RenderedObject): DeclaredStateMachine {
  return {
    name: specString(o, "name") ?? o.name,
    definition: specString(o, "definition") ?? "",
    roleArn: specString(o, "roleARN"),
  };
}

/** `arn:aws:states:<region>:<account>:stateMachine:<name>` → name, else null. */
export function stateMachineNameFromArn(arn: string): string | null {
  const parts = arn.split(":");
  return parts[2] === "states" && parts[5] === "stateMachine" && parts[6] ? parts[6] : null;
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
