/**
 * A pipeline as the rendered manifests of one environment declare it: the bucket its folder
 * uploads to, the rules (event pattern parsed once), the state machines and virtual clusters,
 * and what Git tracks under its sources. `edp validate` checks it, `edp sync` uploads it.
 */
import type { EventPattern, PatternProblem } from "../eventbridge/index.ts";
import type { RenderedObject } from "../model/manifest.ts";

/** One `sources:` entry of apps/<pipeline>/pipeline.yaml. */
export interface SourceSpec {
  /** Folder relative to the pipeline folder (POSIX, no trailing slash). */
  dir: string;
  /** Key prefix: "" or ends in "/". */
  prefix: string;
}

/** An EventBridge rule as this commit declares it. */
export interface DeclaredRule {
  object: RenderedObject;
  name: string;
  eventBusName: string;
  /** spec.eventPattern parsed (null when it is not a JSON object). */
  pattern: EventPattern | null;
  /** What EventBridge would reject in the pattern (empty: it is valid). */
  patternProblems: PatternProblem[];
  /** Bucket names the pattern names in detail.bucket.name (strings only). */
  buckets: string[];
  /** spec.eventPattern exactly as declared. */
  patternText: string;
  enabled: boolean;
  /** Target ARNs as declared. */
  targetArns: string[];
  /** Each spec.targets entry with its index (for locating) and its id, or the index as id. */
  targets: { index: number; id: string; arn: string | null }[];
  /** State machine names of the targets that are state machines. */
  stateMachines: string[];
  /** Key prefixes the pattern can match ("" = any key). */
  triggerPrefixes: string[];
}

export interface DeclaredStateMachine {
  object: RenderedObject;
  name: string;
  definition: string;
  roleArn: string | null;
}

/** One pipeline in one environment: where its files come from and where they go. */
export interface Pipeline {
  /** Pipeline name (its folder name under apps/). */
  name: string;
  /** Repository-relative folder holding pipeline.yaml. */
  dir: string;
  /** The bucket's spec.name. */
  bucket: string;
  sources: SourceSpec[];
  /** Every Rule of the environment (any of them may watch this bucket). */
  rules: MatchableRule[];
  /** Every StateMachine of the environment, by spec.name. */
  stateMachines: Map<string, DeclaredStateMachine>;
  /** The virtual clusters declared from this pipeline's folder. */
  virtualClusters: DeclaredVirtualCluster[];
}

/** A rule whose pattern parsed: what the sync matches uploads against. */
export type MatchableRule = DeclaredRule & { pattern: EventPattern };

export interface DeclaredBucket {
  object: RenderedObject;
  /** spec.name ("" when missing). */
  name: string;
}

export interface DeclaredVirtualCluster {
  object: RenderedObject;
  name: string;
  /** containerProvider.info.eksInfo.namespace, or null. */
  namespace: string | null;
}

/** Every pipeline resource one environment declares, read once per rendered environment. */
export interface DeclaredResources {
  buckets: DeclaredBucket[];
  rules: DeclaredRule[];
  stateMachines: DeclaredStateMachine[];
  virtualClusters: DeclaredVirtualCluster[];
}

/** A Git-tracked file mapped to an object key. */
export interface LocalFile {
  /** Repository-relative POSIX path. */
  file: string;
  /** Absolute path of the content to upload (symlinks resolved, inside the repository). */
  abs: string;
  key: string;
  /** Index into the pipeline's sources. */
  source: number;
  size: number;
}

/** A file that is not uploaded on purpose (listed, never silently dropped). */
export interface IgnoredFile {
  file: string;
  reason: string;
}
