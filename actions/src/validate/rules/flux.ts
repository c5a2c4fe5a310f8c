/** flux/*: sources, dependencies and cycles of the Flux Kustomizations in an environment. */
import type { FluxKustomization } from "../../render/index.ts";
import type { EnvironmentRule } from "../context.ts";

export const checkFlux: EnvironmentRule = (ctx) => {
  const { env } = ctx;
  const all: FluxKustomization[] = [...env.kustomizations, ...(env.root ? [env.root] : [])];
  const key = (ns: string, name: string) => `${ns}/${name}`;
  const byKey = new Map(all.map((k) => [key(k.namespace, k.name), k]));

  for (const k of all) {
    if (k.sourceRef) {
      const { kind, name, namespace } = k.sourceRef;
      const exists = env.objects.some(
        (o) => o.kind === kind && o.name === name && (o.namespace ?? "flux-system") === namespace,
      );
      if (!exists) {
        ctx.report(
          "flux/source-missing",
          `sourceRef ${kind}/${namespace}/${name} does not exist in ${env.name}: Flux cannot fetch anything for this Kustomization`,
          k.object.locate(["spec", "sourceRef", "name"]),
          k.object,
        );
      }
    }
    for (const d of k.dependsOn) {
      if (!byKey.has(key(d.namespace, d.name))) {
        ctx.report(
          "flux/dependency-missing",
          `dependsOn '${d.namespace}/${d.name}' is not a Kustomization in ${env.name}: this Kustomization would wait forever`,
          k.object.locate(["spec", "dependsOn", d.index, "name"]),
          k.object,
        );
      }
    }
  }

  // Cycles: report each cycle once, at the dependsOn entry that closes it.
  const state = new Map<string, "visiting" | "done">();
  const stack: FluxKustomization[] = [];
  const reported = new Set<string>();
  const visit = (k: FluxKustomization): void => {
    const id = key(k.namespace, k.name);
    state.set(id, "visiting");
    stack.push(k);
    for (const d of k.dependsOn) {
      const next = byKey.get(key(d.namespace, d.name));
      if (!next) continue;
      const nextId = key(next.namespace, next.name);
      if (state.get(nextId) === "visiting") {
        const cycle = stack.slice(stack.indexOf(next)).map((c) => c.name);
        const signature = [...cycle].sort().join(",");
        if (!reported.has(signature)) {
          reported.add(signature);
          ctx.report(
            "flux/dependency-cycle",
            `dependency cycle ${[...cycle, next.name].join(" → ")}: none of these Kustomizations would ever reconcile; remove one dependsOn`,
            k.object.locate(["spec", "dependsOn", d.index, "name"]),
            k.object,
          );
        }
      } else if (!state.has(nextId)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(id, "done");
  };
  for (const k of all) if (!state.has(key(k.namespace, k.name))) visit(k);
};
