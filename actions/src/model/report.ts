import type { Finding, SuppressedFinding } from "./finding.ts";

/**
 * The result of `edp validate`. The JSON reporter prints exactly
 * {ok, environments, findings, stats}; `wiring` feeds the job summary's diagrams.
 */
export interface ValidationReport {
  ok: boolean;
  environments: string[];
  /** The findings that count: not suppressed, at the severity .edp.yaml gives them. */
  findings: Finding[];
  /** Findings an `# edp:ignore` comment or .edp.yaml set aside (absent: none). */
  suppressed?: SuppressedFinding[];
  stats: { documents: number; renderMs: number; validateMs: number };
  wiring: EnvironmentWiring[];
  /**
   * Environments --changed-since left unrendered (no change affects them): listed in
   * `environments`, but nothing was checked there, so reporters must not call them ok.
   */
  notRendered?: string[];
  /** Per environment with a Kustomization that did not render: the checks left out, once. */
  skipped?: SkippedChecks[];
}

export interface SkippedChecks {
  environment: string;
  /** Kustomizations that did not render (each reported at its cause). */
  failed: string[];
  /** Kustomizations that depend on them, whose checks were left out. */
  dependents: string[];
  /** Findings dropped as echoes of the failure. */
  findings: number;
}

/** One environment's pipeline graph: bucket → rule → state machine → virtual cluster → namespace. */
export interface EnvironmentWiring {
  environment: string;
  nodes: WiringNode[];
  edges: WiringEdge[];
}

export interface WiringNode {
  /** Unique within the environment, e.g. "Bucket/edp-taxi-trips-dev". */
  id: string;
  kind: "Bucket" | "Rule" | "StateMachine" | "VirtualCluster" | "Namespace";
  name: string;
  /** False when the node is referenced but not declared in this environment. */
  exists: boolean;
}

export interface WiringEdge {
  from: string;
  to: string;
  label: string;
  ok: boolean;
}
