/**
 * The Kubernetes kinds this product reads, by API group: the ACK resources a pipeline is made of
 * and the Flux objects that apply them. Every module names a kind through these, never by string.
 */
import type { RenderedObject } from "./manifest.ts";

export interface KindRef {
  readonly group: string;
  readonly kind: string;
}

export const BUCKET = { group: "s3.services.k8s.aws", kind: "Bucket" } as const;
export const EVENT_RULE = { group: "eventbridge.services.k8s.aws", kind: "Rule" } as const;
export const STATE_MACHINE = { group: "sfn.services.k8s.aws", kind: "StateMachine" } as const;
export const VIRTUAL_CLUSTER = { group: "emrcontainers.services.k8s.aws", kind: "VirtualCluster" } as const;
export const FIELD_EXPORT = { group: "services.k8s.aws", kind: "FieldExport" } as const;
export const FLUX_KUSTOMIZATION = { group: "kustomize.toolkit.fluxcd.io", kind: "Kustomization" } as const;

/** True when the object is of this group (any version) and kind. */
export function isKind(o: Pick<RenderedObject, "apiVersion" | "kind">, ref: KindRef): boolean {
  return o.kind === ref.kind && o.apiVersion.startsWith(`${ref.group}/`);
}

export function ofKind(objects: readonly RenderedObject[], ref: KindRef): RenderedObject[] {
  return objects.filter((o) => isKind(o, ref));
}

/** The object's spec, or an empty one. */
export function specOf(o: RenderedObject): Record<string, unknown> {
  const s = o.object.spec;
  return s && typeof s === "object" && !Array.isArray(s) ? (s as Record<string, unknown>) : {};
}

/** A non-empty string field of the spec, else null. */
export function specString(o: RenderedObject, field: string): string | null {
  const value = specOf(o)[field];
  return typeof value === "string" && value !== "" ? value : null;
}
