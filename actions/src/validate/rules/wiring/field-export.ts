import { FIELD_EXPORT, ofKind, specOf } from "../../../model/ack.ts";
import { FLUX_VARIABLE_NAME } from "../../../render/variables.ts";
import { defineRule } from "../../rule.ts";

/** Server-side apply policies under which Flux leaves a value ACK wrote alone. */
const PROTECTED_SSA = new Set(["IfNotPresent", "Merge", "Ignore"]);

export default defineRule({
  id: "wiring/field-export",
  severity: "error",
  scope: "environment",
  title: "A FieldExport cannot feed Flux substitution",
  help: "Set spec.to.key to a valid Flux variable name and protect the target ConfigMap with kustomize.toolkit.fluxcd.io/ssa: IfNotPresent.",
  check: ({ env }, report) => {
    for (const fe of ofKind(env.objects, FIELD_EXPORT)) {
      const to = (specOf(fe).to ?? {}) as {
        key?: unknown;
        kind?: unknown;
        name?: unknown;
        namespace?: unknown;
      };
      if (typeof to.key !== "string" || !FLUX_VARIABLE_NAME.test(to.key)) {
        report(
          fe.locate(["spec", "to", typeof to.key === "string" ? "key" : "name"]),
          `spec.to.key ${typeof to.key === "string" ? `'${to.key}' is not a valid Flux variable name` : "is not set, so ACK writes '<namespace>.<name>'"}: Flux rejects the whole substituteFrom ConfigMap ("var name is invalid"); set it to a name like VIRTUAL_CLUSTER_ID`,
          fe,
        );
      }
      if (to.kind !== "configmap" || typeof to.name !== "string") continue;
      const ns = typeof to.namespace === "string" ? to.namespace : fe.namespace;
      const target = env.objects.find(
        (o) => o.kind === "ConfigMap" && o.name === to.name && o.namespace === ns,
      );
      const ssa = ((target?.object.metadata as { annotations?: Record<string, unknown> } | undefined)
        ?.annotations ?? {})["kustomize.toolkit.fluxcd.io/ssa"];
      if (!target) {
        report(
          fe.locate(["spec", "to", "name"]),
          `target ConfigMap ${ns}/${to.name} is not declared: ACK only writes into a ConfigMap that already exists`,
          fe,
        );
      } else if (!PROTECTED_SSA.has(String(ssa))) {
        report(
          target.locate(["metadata", "name"]),
          `ConfigMap ${ns}/${to.name} receives ACK's exported value but Flux would overwrite it on every reconciliation: annotate it kustomize.toolkit.fluxcd.io/ssa: IfNotPresent`,
          target,
        );
      }
    }
  },
});
