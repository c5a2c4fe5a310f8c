/** wiring/*: does each environment's Rule → StateMachine → VirtualCluster → Namespace chain close? */
import { FLUX_VARIABLE_NAME } from "../../render/variables.ts";
import type { RenderedObject } from "../../model/manifest.ts";
import { stateMachineNameFromArn } from "../../sync/targets.ts";
import { ofKind, spec, type EnvironmentRule } from "../context.ts";

const S3 = "s3.services.k8s.aws";
const SFN = "sfn.services.k8s.aws";
const EVENTBRIDGE = "eventbridge.services.k8s.aws";
const EMR = "emrcontainers.services.k8s.aws";
const PROTECTED_SSA = new Set(["IfNotPresent", "Merge", "Ignore"]);

export function patternBuckets(rule: RenderedObject): string[] {
  try {
    const pattern = JSON.parse(String(spec(rule).eventPattern ?? "{}")) as {
      detail?: { bucket?: { name?: unknown } };
    };
    const names = pattern.detail?.bucket?.name;
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === "string") : [];
  } catch {
    return [];
  }
}

export const checkWiring: EnvironmentRule = (ctx) => {
  const { env } = ctx;
  const buckets = new Set(ofKind(env, S3, "Bucket").map((b) => String(spec(b).name ?? "")));
  const stateMachines = new Set(ofKind(env, SFN, "StateMachine").map((s) => String(spec(s).name ?? "")));

  for (const rule of ofKind(env, EVENTBRIDGE, "Rule")) {
    const targets = Array.isArray(spec(rule).targets)
      ? (spec(rule).targets as Record<string, unknown>[])
      : [];
    targets.forEach((t, i) => {
      const arn = typeof t.arn === "string" ? t.arn : "";
      if (!arn.startsWith("arn:aws") || !arn.includes(":states:")) return;
      const name = stateMachineNameFromArn(arn);
      if (!name || !stateMachines.has(name)) {
        ctx.report(
          "wiring/rule-target-missing",
          `target ${String(t.id ?? i)} starts state machine '${name ?? arn}', which ${env.name} does not declare (declared: ${[...stateMachines].join(", ") || "none"}); the rule would fail every delivery`,
          rule.locate(["spec", "targets", i, "arn"]),
          rule,
        );
      }
    });
    for (const bucket of patternBuckets(rule)) {
      if (!buckets.has(bucket)) {
        ctx.report(
          "wiring/rule-bucket-missing",
          `the event pattern watches bucket '${bucket}', which ${env.name} does not declare (declared: ${[...buckets].join(", ") || "none"}); no upload would ever start this rule`,
          rule.locate(["spec", "eventPattern", "detail", "bucket", "name"]),
          rule,
        );
      }
    }
    if (spec(rule).state === "DISABLED") {
      ctx.report(
        "wiring/rule-disabled",
        `Rule ${String(spec(rule).name)} is DISABLED in ${env.name}: uploads start no run until it is enabled`,
        rule.locate(["spec", "state"]),
        rule,
      );
    }
  }

  for (const vc of ofKind(env, EMR, "VirtualCluster")) {
    const info = (spec(vc).containerProvider as { info?: { eksInfo?: { namespace?: unknown } } } | undefined)
      ?.info;
    const ns = info?.eksInfo?.namespace;
    const where = vc.locate(["spec", "containerProvider", "info", "eksInfo", "namespace"]);
    if (typeof ns !== "string") {
      ctx.report(
        "wiring/virtual-cluster-namespace",
        "the virtual cluster names no namespace (spec.containerProvider.info.eksInfo.namespace)",
        where,
        vc,
      );
      continue;
    }
    const hasNamespace = env.objects.some((o) => o.kind === "Namespace" && o.name === ns);
    const role = env.objects.find(
      (o) => o.kind === "Role" && o.namespace === ns && o.apiVersion.startsWith("rbac.authorization.k8s.io/"),
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
    if (missing.length > 0) {
      ctx.report(
        "wiring/virtual-cluster-namespace",
        `virtual cluster is bound to namespace '${ns}', but ${env.name} lacks ${missing.join(", ")}: EMR cannot start pods there`,
        where,
        vc,
      );
    }
  }

  for (const fe of env.objects.filter(
    (o) => o.kind === "FieldExport" && o.apiVersion.startsWith("services.k8s.aws/"),
  )) {
    const to = (spec(fe).to ?? {}) as { key?: unknown; kind?: unknown; name?: unknown; namespace?: unknown };
    if (typeof to.key !== "string" || !FLUX_VARIABLE_NAME.test(to.key)) {
      ctx.report(
        "wiring/field-export",
        `spec.to.key ${typeof to.key === "string" ? `'${to.key}' is not a valid Flux variable name` : "is not set, so ACK writes '<namespace>.<name>'"}: Flux rejects the whole substituteFrom ConfigMap ("var name is invalid"); set it to a name like VIRTUAL_CLUSTER_ID`,
        fe.locate(["spec", "to", typeof to.key === "string" ? "key" : "name"]),
        fe,
      );
    }
    if (to.kind === "configmap" && typeof to.name === "string") {
      const ns = typeof to.namespace === "string" ? to.namespace : fe.namespace;
      const target = env.objects.find(
        (o) => o.kind === "ConfigMap" && o.name === to.name && o.namespace === ns,
      );
      const ssa = ((target?.object.metadata as { annotations?: Record<string, unknown> } | undefined)
        ?.annotations ?? {})["kustomize.toolkit.fluxcd.io/ssa"];
      if (!target) {
        ctx.report(
          "wiring/field-export",
          `target ConfigMap ${ns}/${to.name} is not declared: ACK only writes into a ConfigMap that already exists`,
          fe.locate(["spec", "to", "name"]),
          fe,
        );
      } else if (!PROTECTED_SSA.has(String(ssa))) {
        ctx.report(
          "wiring/field-export",
          `ConfigMap ${ns}/${to.name} receives ACK's exported value but Flux would overwrite it on every reconciliation: annotate it kustomize.toolkit.fluxcd.io/ssa: IfNotPresent`,
          target.locate(["metadata", "name"]),
          target,
        );
      }
    }
  }
};

/** wiring/duplicate-aws-name across all rendered environments (global S3 names, per-account SFN names). */
export function checkDuplicateNames(
  envs: { name: string; objects: RenderedObject[] }[],
  report: (env: string, rule: string, message: string, o: RenderedObject) => void,
): void {
  for (const [group, kind] of [
    [S3, "Bucket"],
    [SFN, "StateMachine"],
  ] as const) {
    const seen = new Map<string, { env: string; o: RenderedObject }>();
    for (const env of envs) {
      for (const o of env.objects.filter((x) => x.kind === kind && x.apiVersion.startsWith(`${group}/`))) {
        const name = String((o.object.spec as { name?: unknown } | undefined)?.name ?? "");
        if (!name || name.includes("${")) continue;
        const first = seen.get(name);
        if (first) {
          report(
            env.name,
            "wiring/duplicate-aws-name",
            `${kind} name '${name}' is also created by ${first.env === env.name ? "another object here" : `environment ${first.env}`}: both would fight over one AWS resource; give each environment its own name in its overlay`,
            o,
          );
        } else {
          seen.set(name, { env: env.name, o });
        }
      }
    }
  }
}
