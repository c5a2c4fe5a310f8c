import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "wiring/virtual-cluster-namespace",
  severity: "error",
  scope: "environment",
  title: "A VirtualCluster is bound to a namespace without EMR's Role/RoleBinding",
  help: "Declare the namespace and the emr-containers Role and RoleBinding in it.",
  check: ({ env, declared }, report) => {
    for (const { object: vc, namespace: ns } of declared.virtualClusters) {
      const where = vc.locate(["spec", "containerProvider", "info", "eksInfo", "namespace"]);
      if (ns === null) {
        report(
          where,
          "the virtual cluster names no namespace (spec.containerProvider.info.eksInfo.namespace)",
          vc,
        );
        continue;
      }
      const hasNamespace = env.objects.some((o) => o.kind === "Namespace" && o.name === ns);
      const role = env.objects.find(
        (o) =>
          o.kind === "Role" && o.namespace === ns && o.apiVersion.startsWith("rbac.authorization.k8s.io/"),
      );
      const binding = env.objects.find(
        (o) =>
          o.kind === "RoleBinding" &&
          o.namespace === ns &&
          Array.isArray(o.object.subjects) &&
          (o.object.subjects as { kind?: unknown; name?: unknown }[]).some(
            (s) => s.kind === "User" && s.name === "emr-containers",
          ) &&
          (o.object.roleRef as { name?: unknown } | undefined)?.name === role?.name,
      );
      const missing = [
        !hasNamespace && `Namespace ${ns}`,
        !role && `a Role in ${ns}`,
        !binding && `a RoleBinding of that Role to user emr-containers`,
      ].filter(Boolean);
      if (missing.length === 0) continue;
      report(
        where,
        `virtual cluster is bound to namespace '${ns}', but ${env.name} lacks ${missing.join(", ")}: EMR cannot start pods there`,
        vc,
      );
    }
  },
});
