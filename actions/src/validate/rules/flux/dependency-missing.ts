import { defineRule } from "../../rule.ts";
import { allKustomizations, kustomizationKey } from "./kustomizations.ts";

export default defineRule({
  id: "flux/dependency-missing",
  severity: "error",
  scope: "environment",
  title: "dependsOn names a Kustomization that does not exist in this environment",
  help: "Fix the name or add the Kustomization.",
  check: ({ env }, report) => {
    const all = allKustomizations(env);
    const known = new Set(all.map((k) => kustomizationKey(k.namespace, k.name)));
    for (const k of all) {
      for (const d of k.dependsOn) {
        if (known.has(kustomizationKey(d.namespace, d.name))) continue;
        report(
          k.object.locate(["spec", "dependsOn", d.index, "name"]),
          `dependsOn '${d.namespace}/${d.name}' is not a Kustomization in ${env.name}: this Kustomization would wait forever`,
          k.object,
        );
      }
    }
  },
});
