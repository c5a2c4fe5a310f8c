/** Reading Flux Kustomization objects: path, source, dependencies and post-build settings. */
import path from "node:path";
import type { RenderedObject } from "../model/manifest.ts";
import { FLUX_KUSTOMIZATION, isKind } from "../model/ack.ts";

/** Terraform writes this ConfigMap; its keys are the `provider: terraform` variables. */
export const TERRAFORM_CONFIGMAP = "flux-system/cluster-vars";

export interface SubstituteSource {
  kind: string;
  name: string;
  optional: boolean;
  index: number;
}

export interface FluxKustomization {
  object: RenderedObject;
  name: string;
  namespace: string;
  /** Repository-relative directory (normalised), or null when spec.path is missing or escapes. */
  path: string | null;
  rawPath: string | null;
  sourceRef: { kind: string; name: string; namespace: string } | null;
  dependsOn: { name: string; namespace: string; index: number }[];
  substitute: Record<string, string>;
  substituteFrom: SubstituteSource[];
  hasPostBuild: boolean;
}

export function isFluxKustomization(o: Pick<RenderedObject, "apiVersion" | "kind">): boolean {
  return isKind(o, FLUX_KUSTOMIZATION);
}

/** Flux paths are relative to the source root; "./x" and "x" are the same; ".." may not escape. */
export function normaliseFluxPath(raw: string): string | null {
  const cleaned = path.posix.normalize(raw.replace(/^\.\/?/, "") || ".");
  if (cleaned.startsWith("..") || path.posix.isAbsolute(cleaned)) return null;
  return cleaned === "." ? "" : cleaned.replace(/\/$/, "");
}

export function readFluxKustomization(object: RenderedObject): FluxKustomization {
  const spec = (object.object.spec ?? {}) as Record<string, unknown>;
  const namespace = object.namespace ?? "flux-system";
  const rawPath = typeof spec.path === "string" ? spec.path : null;
  const ref = spec.sourceRef as { kind?: unknown; name?: unknown; namespace?: unknown } | undefined;
  const postBuild = spec.postBuild as { substitute?: unknown; substituteFrom?: unknown } | undefined;
  const substitute: Record<string, string> = {};
  if (postBuild?.substitute && typeof postBuild.substitute === "object") {
    for (const [k, v] of Object.entries(postBuild.substitute as Record<string, unknown>))
      substitute[k] = String(v);
  }
  const substituteFrom: SubstituteSource[] = [];
  if (Array.isArray(postBuild?.substituteFrom)) {
    postBuild.substituteFrom.forEach((raw: unknown, index: number) => {
      const s = raw as { kind?: unknown; name?: unknown; optional?: unknown };
      if (typeof s?.name === "string") {
        substituteFrom.push({
          kind: String(s.kind ?? "ConfigMap"),
          name: s.name,
          optional: s.optional === true,
          index,
        });
      }
    });
  }
  return {
    object,
    name: object.name,
    namespace,
    rawPath,
    path: rawPath === null ? "" : normaliseFluxPath(rawPath),
    sourceRef:
      ref && typeof ref.name === "string"
        ? {
            kind: String(ref.kind ?? ""),
            name: ref.name,
            namespace: typeof ref.namespace === "string" ? ref.namespace : namespace,
          }
        : null,
    dependsOn: (Array.isArray(spec.dependsOn) ? spec.dependsOn : []).flatMap((d: unknown, index: number) => {
      const dep = d as { name?: unknown; namespace?: unknown };
      return typeof dep?.name === "string"
        ? [
            {
              name: dep.name,
              namespace: typeof dep.namespace === "string" ? dep.namespace : namespace,
              index,
            },
          ]
        : [];
    }),
    substitute,
    substituteFrom,
    hasPostBuild: postBuild !== undefined,
  };
}

/** Kustomizations ordered so dependencies come first; members of a cycle keep their order. */
export function dependencyOrder(list: FluxKustomization[]): FluxKustomization[] {
  const byKey = new Map(list.map((k) => [`${k.namespace}/${k.name}`, k]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: FluxKustomization[] = [];
  const visit = (k: FluxKustomization) => {
    const key = `${k.namespace}/${k.name}`;
    if (done.has(key) || visiting.has(key)) return;
    visiting.add(key);
    for (const d of k.dependsOn) {
      const dep = byKey.get(`${d.namespace}/${d.name}`);
      if (dep) visit(dep);
    }
    visiting.delete(key);
    done.add(key);
    out.push(k);
  };
  list.forEach(visit);
  return out;
}
