/** A Kubernetes object as Flux would apply it in one environment, with the way back to its source. */
export type JsonPath = readonly (string | number)[];

export interface SourceLocation {
  /** Repository-relative POSIX path. */
  file: string;
  /** 1-based line, or null when the file is known but the line is not. */
  line: number | null;
  column?: number | null;
}

export interface RenderedObject {
  environment: string;
  /** Name of the Flux Kustomization that applies this object ("flux-system" for the cluster root). */
  kustomization: string;
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | null;
  /** The object after kustomize and Flux substitution, origin annotations removed. */
  object: Record<string, unknown>;
  /** Repository-relative file the object was declared in, when known. */
  origin: string | null;
  /** The object as declared, before Flux variable substitution (computed on demand). */
  unsubstituted?: () => Record<string, unknown>;
  /** Maps a path in `object` to the line in the source file (falls back to the nearest known parent). */
  locate: (path: JsonPath) => SourceLocation;
}

/** "Kind/name", the resource label findings carry. */
export function resourceLabel(o: Pick<RenderedObject, "kind" | "name">): string {
  return `${o.kind}/${o.name}`;
}
