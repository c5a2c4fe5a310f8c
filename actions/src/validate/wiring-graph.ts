/** Each environment's pipeline graph for the job summary: bucket → rule → state machine → virtual cluster → namespace. */
import type { Finding } from "../model/finding.ts";
import { specOf } from "../model/ack.ts";
import type { EnvironmentWiring, WiringEdge, WiringNode } from "../model/report.ts";
import { declaredResources } from "../pipeline/index.ts";
import type { RenderedEnvironment } from "../render/index.ts";
import type { RuleId } from "./catalog.ts";

export function buildWiring(env: RenderedEnvironment, findings: Finding[]): EnvironmentWiring {
  const nodes = new Map<string, WiringNode>();
  const edges: WiringEdge[] = [];
  const node = (kind: WiringNode["kind"], name: string, exists: boolean): string => {
    const id = `${kind}/${name}`;
    const prior = nodes.get(id);
    nodes.set(id, { id, kind, name, exists: exists || prior?.exists === true });
    return id;
  };
  const broken = (rule: RuleId, resource: string) =>
    findings.some((f) => f.environment === env.name && f.rule === rule && f.resource === resource);
  const declared = declaredResources(env.objects);

  for (const b of declared.buckets) node("Bucket", String(specOf(b.object).name), true);
  const smByName = new Map(declared.stateMachines.map((s) => [String(specOf(s.object).name), s.object]));
  for (const name of smByName.keys()) node("StateMachine", name, true);

  for (const rule of declared.rules) {
    const ruleName = String(specOf(rule.object).name);
    const ruleId = node("Rule", ruleName, true);
    for (const bucket of rule.buckets) {
      const id = node("Bucket", bucket, nodes.has(`Bucket/${bucket}`));
      edges.push({
        from: id,
        to: ruleId,
        label: "Object Created",
        ok: nodes.get(id)?.exists === true && !broken("eventpattern/no-trigger", `Rule/${rule.object.name}`),
      });
    }
    const disabled = specOf(rule.object).state === "DISABLED";
    // Every target that is a state machine, in the order declared.
    for (const sm of rule.stateMachines) {
      const id = node("StateMachine", sm, smByName.has(sm));
      edges.push({
        from: ruleId,
        to: id,
        label: disabled ? "disabled" : "starts",
        ok: smByName.has(sm) && !disabled,
      });
    }
  }
  for (const [name, sm] of smByName) {
    // A state machine runs jobs on the virtual cluster of its own pipeline folder.
    const pipelineDir = sm.origin?.split("/").slice(0, 2).join("/");
    for (const vc of declared.virtualClusters.filter((v) => v.object.origin?.startsWith(`${pipelineDir}/`))) {
      const vcId = node("VirtualCluster", String(specOf(vc.object).name), true);
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
  for (const vc of declared.virtualClusters) {
    if (vc.namespace === null) continue;
    const ns = vc.namespace;
    const nsId = node(
      "Namespace",
      ns,
      env.objects.some((o) => o.kind === "Namespace" && o.name === ns),
    );
    edges.push({
      from: `VirtualCluster/${String(specOf(vc.object).name)}`,
      to: nsId,
      label: "runs pods in",
      ok: !broken("wiring/virtual-cluster-namespace", `VirtualCluster/${vc.object.name}`),
    });
  }
  return { environment: env.name, nodes: [...nodes.values()], edges };
}
