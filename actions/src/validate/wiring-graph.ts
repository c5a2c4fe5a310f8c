/** Each environment's pipeline graph for the job summary: bucket → rule → state machine → virtual cluster → namespace. */
import type { Finding } from "../model/finding.ts";
import type { EnvironmentWiring, WiringEdge, WiringNode } from "../model/report.ts";
import type { RenderedEnvironment } from "../render/index.ts";
import { stateMachineNameFromArn } from "../sync/targets.ts";
import { ofKind, spec } from "./context.ts";
import { patternBuckets } from "./rules/wiring.ts";

export function buildWiring(env: RenderedEnvironment, findings: Finding[]): EnvironmentWiring {
  const nodes = new Map<string, WiringNode>();
  const edges: WiringEdge[] = [];
  const node = (kind: WiringNode["kind"], name: string, exists: boolean): string => {
    const id = `${kind}/${name}`;
    const prior = nodes.get(id);
    nodes.set(id, { id, kind, name, exists: exists || prior?.exists === true });
    return id;
  };
  const broken = (rule: string, resource: string) =>
    findings.some((f) => f.environment === env.name && f.rule === rule && f.resource === resource);

  for (const b of ofKind(env, "s3.services.k8s.aws", "Bucket")) node("Bucket", String(spec(b).name), true);
  const smByName = new Map(
    ofKind(env, "sfn.services.k8s.aws", "StateMachine").map((s) => [String(spec(s).name), s]),
  );
  for (const name of smByName.keys()) node("StateMachine", name, true);
  const vcs = ofKind(env, "emrcontainers.services.k8s.aws", "VirtualCluster");

  for (const rule of ofKind(env, "eventbridge.services.k8s.aws", "Rule")) {
    const ruleName = String(spec(rule).name);
    const ruleId = node("Rule", ruleName, true);
    for (const bucket of patternBuckets(rule)) {
      const id = node("Bucket", bucket, nodes.has(`Bucket/${bucket}`));
      edges.push({
        from: id,
        to: ruleId,
        label: "Object Created",
        ok: nodes.get(id)?.exists === true && !broken("eventpattern/no-trigger", `Rule/${rule.name}`),
      });
    }
    for (const t of (spec(rule).targets as { arn?: unknown }[] | undefined) ?? []) {
      const sm = typeof t.arn === "string" ? stateMachineNameFromArn(t.arn) : null;
      if (!sm) continue;
      const id = node("StateMachine", sm, smByName.has(sm));
      edges.push({
        from: ruleId,
        to: id,
        label: spec(rule).state === "DISABLED" ? "disabled" : "starts",
        ok: smByName.has(sm) && spec(rule).state !== "DISABLED",
      });
    }
  }
  for (const [name, sm] of smByName) {
    // A state machine runs jobs on the virtual cluster of its own pipeline folder.
    const pipelineDir = sm.origin?.split("/").slice(0, 2).join("/");
    for (const vc of vcs.filter((v) => v.origin?.startsWith(`${pipelineDir}/`))) {
      const vcId = node("VirtualCluster", String(spec(vc).name), true);
      edges.push({
        from: `StateMachine/${name}`,
        to: vcId,
        label: "startJobRun",
        ok:
          !broken("asl/emr-task", `StateMachine/${sm.name}`) &&
          !broken("asl/invalid", `StateMachine/${sm.name}`),
      });
    }
  }
  for (const vc of vcs) {
    const ns = (spec(vc).containerProvider as { info?: { eksInfo?: { namespace?: unknown } } } | undefined)
      ?.info?.eksInfo?.namespace;
    if (typeof ns !== "string") continue;
    const nsId = node(
      "Namespace",
      ns,
      env.objects.some((o) => o.kind === "Namespace" && o.name === ns),
    );
    edges.push({
      from: `VirtualCluster/${String(spec(vc).name)}`,
      to: nsId,
      label: "runs pods in",
      ok: !broken("wiring/virtual-cluster-namespace", `VirtualCluster/${vc.name}`),
    });
  }
  return { environment: env.name, nodes: [...nodes.values()], edges };
}
