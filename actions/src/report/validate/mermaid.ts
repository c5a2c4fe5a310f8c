/**
 * One environment's pipeline wiring as a Mermaid flowchart (GitHub renders ```mermaid blocks):
 * bucket → rule → state machine → virtual cluster → namespace, left to right. A broken edge is
 * drawn dashed and red; a node that is referenced but not declared is marked "missing".
 */
import type { EnvironmentWiring, WiringNode } from "../../model/report.ts";

const KIND_ORDER: Record<WiringNode["kind"], number> = {
  Bucket: 0,
  Rule: 1,
  StateMachine: 2,
  VirtualCluster: 3,
  Namespace: 4,
};

const RED = "#d73a49";
/** GitHub's Mermaid refuses diagrams above 50,000 characters; stay well clear. */
export const MAX_DIAGRAM_CHARS = 40_000;

/** The flowchart source (without the ``` fence), or null when the environment has no wiring. */
export function renderWiringDiagram(wiring: EnvironmentWiring): string | null {
  if (wiring.nodes.length === 0) return null;
  const nodes = [...wiring.nodes].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
  // Mermaid ids must be plain words; resource ids contain slashes and dots.
  const ids = new Map(nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ["flowchart LR"];
  for (const node of nodes) {
    const parts = node.exists ? [node.kind, node.name] : [node.kind, node.name, "⚠ missing"];
    lines.push(`  ${ids.get(node.id)}["${parts.map(escapeLabel).join("<br/>")}"]`);
  }
  const edges = wiring.edges
    .filter((e) => ids.has(e.from) && ids.has(e.to))
    .sort((a, b) => order(ids, a.from) - order(ids, b.from) || order(ids, a.to) - order(ids, b.to));
  const broken: number[] = [];
  edges.forEach((edge, index) => {
    const arrow = edge.ok ? "-->" : "-.->";
    const label = edge.ok ? edge.label : `${edge.label} ✗`;
    const text = label.trim() ? `|"${escapeLabel(label)}"|` : "";
    lines.push(`  ${ids.get(edge.from)} ${arrow}${text} ${ids.get(edge.to)}`);
    if (!edge.ok) broken.push(index);
  });
  const missing = nodes.filter((n) => !n.exists).map((n) => ids.get(n.id));
  if (missing.length > 0) {
    lines.push(
      `  classDef missing fill:#ffeef0,stroke:${RED},stroke-width:2px,stroke-dasharray:5 5,color:${RED}`,
    );
    lines.push(`  class ${missing.join(",")} missing`);
  }
  if (broken.length > 0) {
    lines.push(`  linkStyle ${broken.join(",")} stroke:${RED},stroke-width:2px,stroke-dasharray:5 5`);
  }
  return lines.join("\n");
}

function order(ids: Map<string, string>, id: string): number {
  return Number((ids.get(id) ?? "n0").slice(1));
}

/** Inside a quoted Mermaid label only entity codes are safe for quotes and angle brackets. */
function escapeLabel(text: string): string {
  return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}
