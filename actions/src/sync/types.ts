/**
 * The data that crosses the sync stages: targets (from the manifests), local files, the plan,
 * and the report. Stages take these in and hand them on; only sync-environment.ts talks to all of them.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { SFNClient } from "@aws-sdk/client-sfn";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { RenderedObject } from "../model/manifest.ts";

export type {
  DeclaredRule,
  DeclaredStateMachine,
  IgnoredFile,
  LocalFile,
  MatchableRule,
  Pipeline,
  SourceSpec,
} from "../pipeline/types.ts";
import type { RenderProblem } from "../render/index.ts";

export interface LocalDigest {
  size: number;
  /** Lower-case hex. */
  md5: string;
  /** Lower-case hex; only once needed (HEAD comparison or upload). */
  sha256?: string;
  /** Base64, as S3 returns it; only once needed. */
  crc64nvme?: string;
}

export interface RemoteObject {
  key: string;
  size: number;
  /** ETag without quotes. */
  etag: string;
}

export type PlanAction = "upload" | "skip" | "delete";
export type EntryResult = "planned" | "uploaded" | "deleted" | "skipped" | "failed" | "not-attempted";

export interface PlanEntry {
  pipeline: string;
  bucket: string;
  /** The object key ("" for an ignored file that has no key). */
  key: string;
  file: string | null;
  action: PlanAction;
  reason: string;
  /** State machines an upload of this key starts (enabled rules only). */
  triggers: string[];
  /**
   * True when any declared rule's pattern matches this key: uploaded in the last phase. Decided
   * for uploads and for objects only the bucket has; false for a skipped (unchanged) file.
   */
  trigger: boolean;
  /** Upload/delete phase, 0-based; the trigger phase is last. -1 for skips. */
  phase: number;
  size: number;
  /** Absolute path of the content (uploads only). */
  abs?: string;
  digest?: LocalDigest;
  /** Names of the declared rules whose pattern matches this key (decided as `trigger` is). */
  rules: string[];
  result: EntryResult;
  error?: string;
}

export interface ReadyCheck {
  name: "bucket" | "eventbridge" | "live-state";
  ok: boolean;
  detail: string;
}

export interface ExecutionReport {
  stateMachine: string;
  stateMachineArn: string;
  executionArn: string;
  name: string;
  key: string;
  status: string;
  startDate: string;
  url: string;
}

export interface SyncStats {
  /** Objects written (a multipart upload counts once). */
  put: number;
  /** ListObjectsV2 requests. */
  list: number;
  /** HeadObject requests. */
  head: number;
  /** Objects deleted. */
  delete: number;
  /** Bytes uploaded. */
  bytes: number;
  /** Wall clock of the whole sync, render included. */
  ms: number;
}

export interface SyncReport {
  environment: string;
  /** The bucket when the environment has one (null when its pipelines use several). */
  bucket: string | null;
  buckets: string[];
  bucketExists: boolean;
  mode: "plan" | "apply";
  ok: boolean;
  plan: PlanEntry[];
  /** Phase names by number: "<pipeline>/<folder>" in pipeline.yaml order, then "trigger objects". */
  phases: string[];
  checks: ReadyCheck[];
  executions: ExecutionReport[];
  /** Why the sync failed or what needs attention, one sentence each. */
  errors: string[];
  warnings: string[];
  stats: SyncStats;
}

export interface SyncOptions {
  repoRoot: string;
  environment: string;
  planOnly?: boolean;
  delete?: boolean;
  maxDelete?: number;
  allowTriggerDelete?: boolean;
  ensureEventBridge?: boolean;
  /** Wait for the live state machine and rule to equal this commit (false: --no-wait). */
  waitForLiveState?: boolean;
  waitTimeoutSeconds?: number;
  waitRuns?: boolean;
  sseKmsKeyId?: string;
  concurrency?: number;
  forceKeys?: string[];
  /** Git commit recorded in object metadata; defaults to `git rev-parse HEAD`. */
  commit?: string;
  /** Workflow run URL recorded in object metadata. */
  runUrl?: string;
  /** How long to look for the executions the uploads started (0: look once). */
  observeTimeoutSeconds?: number;
  /** Poll interval for every wait. */
  pollSeconds?: number;
  /** Files at or above this size go multipart. */
  multipartThresholdBytes?: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Where progress goes: a bar on a terminal, periodic lines in CI, nothing in tests. */
export interface ProgressSink {
  phase(name: string, total: number): void;
  advance(key: string, bytes: number): void;
  message(text: string): void;
  done(): void;
}

export type RenderFn = (options: {
  repoRoot: string;
  environments?: string[];
}) => Promise<{ environments: { name: string; objects: RenderedObject[] }[]; problems: RenderProblem[] }>;

export interface SyncDeps {
  s3: S3Client;
  sfn: SFNClient;
  eventbridge: EventBridgeClient;
  clock?: Clock;
  progress?: ProgressSink;
  /** Defaults to the validate renderer (render/index.ts). */
  render?: RenderFn;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const silentProgress: ProgressSink = {
  phase: () => {},
  advance: () => {},
  message: () => {},
  done: () => {},
};
