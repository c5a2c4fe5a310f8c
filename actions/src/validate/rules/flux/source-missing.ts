import { defineRule } from "../../rule.ts";
import { allKustomizations } from "./kustomizations.ts";

export default defineRule({
  id: "flux/source-missing",
  severity: "error",
  scope: "environment",
  title: "A Flux Kustomization's sourceRef points at a source that does not exist",
  help: "Declare the GitRepository/OCIRepository or fix sourceRef.",
  check: ({ env }, report) => {
    for (const k of allKustomizations(env)) {
      if (!k.sourceRef) continue;
      const { kind, name, namespace } = k.sourceRef;
      const exists = env.objects.some(
        (o) => o.kind === kind && o.name === name && (o.namespace ?? "flux-system") === namespace,
      );
      if (!exists) {
        report(
          k.object.locate(["spec", "sourceRef", "name"]),
          `sourceRef ${kind}/${namespace}/${name} does not exist in ${env.name}: Flux cannot fetch anything for this Kustomization`,
          k.object,
        );
      }
    }
  },
});
