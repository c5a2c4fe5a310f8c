import type { FluxKustomization } from "../../../render/index.ts";
import { defineRule } from "../../rule.ts";
import { allKustomizations, kustomizationKey as key } from "./kustomizations.ts";

export default defineRule({
  id: "flux/dependency-cycle",
  severity: "error",
  scope: "environment",
  title: "Flux Kustomizations depend on each other in a cycle",
  help: "Break the cycle: none of them would ever reconcile.",
  check: ({ env }, report) => {
    const all = allKustomizations(env);
    const byKey = new Map(all.map((k) => [key(k.namespace, k.name), k]));
    // Depth-first; each cycle reported once, at the dependsOn entry that closes it.
    const state = new Map<string, "visiting" | "done">();
    const stack: FluxKustomization[] = [];
    const reported = new Set<string>();
    const visit = (k: FluxKustomization): void => {
      state.set(key(k.namespace, k.name), "visiting");
      stack.push(k);
      for (const d of k.dependsOn) {
        const next = byKey.get(key(d.namespace, d.name));
        if (!next) continue;
        const nextId = key(next.namespace, next.name);
        if (state.get(nextId) === "visiting") {
          const cycle = stack.slice(stack.indexOf(next)).map((c) => c.name);
          const signature = [...cycle].sort().join(",");
          if (reported.has(signature)) continue;
          reported.add(signature);
          report(
            k.object.locate(["spec", "dependsOn", d.index, "name"]),
            `dependency cycle ${[...cycle, next.name].join(" → ")}: none of these Kustomizations would ever reconcile; remove one dependsOn`,
            k.object,
          );
        } else if (!state.has(nextId)) {
          visit(next);
        }
      }
      stack.pop();
      state.set(key(k.namespace, k.name), "done");
    };
    for (const k of all) if (!state.has(key(k.namespace, k.name))) visit(k);
  },
});
