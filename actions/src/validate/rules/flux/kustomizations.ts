/** The Flux Kustomizations of an environment (the root one included), keyed by namespace/name. */
import type { FluxKustomization, RenderedEnvironment } from "../../../render/index.ts";

export function allKustomizations(env: RenderedEnvironment): FluxKustomization[] {
  return [...env.kustomizations, ...(env.root ? [env.root] : [])];
}

export function kustomizationKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
