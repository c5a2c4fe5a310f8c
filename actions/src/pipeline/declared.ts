/**
 * Reads the pipeline resources of one rendered environment once: Buckets, Rules (each event
 * pattern parsed and checked once, with the buckets it watches), StateMachines and
 * VirtualClusters. Rules of `edp validate`, the sync and the wiring graph all read this.
 */
import { parsePattern } from "../eventbridge/index.ts";
import {
  BUCKET,
  EVENT_RULE,
  ofKind,
  specOf,
  specString,
  STATE_MACHINE,
  VIRTUAL_CLUSTER,
} from "../model/ack.ts";
import type { RenderedObject } from "../model/manifest.ts";
import { stateMachineNameFromArn } from "./arn.ts";
import { triggerPrefixes } from "./triggers.ts";
import type {
  DeclaredBucket,
  DeclaredResources,
  DeclaredRule,
  DeclaredStateMachine,
  DeclaredVirtualCluster,
} from "./types.ts";

const cache = new WeakMap<readonly RenderedObject[], DeclaredResources>();

/** The environment's resources; computed once per objects array (the render's own). */
export function declaredResources(objects: readonly RenderedObject[]): DeclaredResources {
  let hit = cache.get(objects);
  if (!hit) {
    hit = {
      buckets: ofKind(objects, BUCKET).map(declaredBucket),
      rules: ofKind(objects, EVENT_RULE).map(declaredRule),
      stateMachines: ofKind(objects, STATE_MACHINE).map(declaredStateMachine),
      virtualClusters: ofKind(objects, VIRTUAL_CLUSTER).map(declaredVirtualCluster),
    };
    cache.set(objects, hit);
  }
  return hit;
}

function declaredBucket(o: RenderedObject): DeclaredBucket {
  return { object: o, name: String(specOf(o).name ?? "") };
}

function declaredRule(o: RenderedObject): DeclaredRule {
  const spec = specOf(o);
  const patternText = typeof spec.eventPattern === "string" ? spec.eventPattern : "";
  const { pattern, problems } =
    typeof spec.eventPattern === "string" ? parsePattern(patternText) : { pattern: null, problems: [] };
  const targets = Array.isArray(spec.targets) ? (spec.targets as Record<string, unknown>[]) : [];
  const targetArns = targets.map((t) => t?.arn).filter((a): a is string => typeof a === "string");
  const names = (
    (pattern?.detail as Record<string, unknown> | undefined)?.bucket as Record<string, unknown> | undefined
  )?.name;
  return {
    object: o,
    name: specString(o, "name") ?? o.name,
    eventBusName: specString(o, "eventBusName") ?? "default",
    pattern,
    patternProblems: problems,
    buckets: Array.isArray(names) ? names.filter((n): n is string => typeof n === "string") : [],
    patternText,
    enabled: spec.state === undefined || spec.state === "ENABLED",
    targetArns,
    targets: targets.map((t, index) => ({
      index,
      id: String(t?.id ?? index),
      arn: typeof t?.arn === "string" ? t.arn : null,
    })),
    stateMachines: targetArns.map(stateMachineNameFromArn).filter((n): n is string => n !== null),
    triggerPrefixes: pattern ? triggerPrefixes(pattern) : [""],
  };
}

function declaredStateMachine(o: RenderedObject): DeclaredStateMachine {
  return {
    object: o,
    name: specString(o, "name") ?? o.name,
    definition: specString(o, "definition") ?? "",
    roleArn: specString(o, "roleARN"),
  };
}

function declaredVirtualCluster(o: RenderedObject): DeclaredVirtualCluster {
  const ns = (specOf(o).containerProvider as { info?: { eksInfo?: { namespace?: unknown } } } | undefined)
    ?.info?.eksInfo?.namespace;
  return { object: o, name: String(specOf(o).name ?? ""), namespace: typeof ns === "string" ? ns : null };
}
