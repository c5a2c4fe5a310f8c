/** The options of `edp sync` and the sync-scripts action (no SDK import: the CLI reads them first). */
import { SYNC_DEFAULTS } from "../sync/defaults.ts";
import type { SyncOptions } from "../sync/types.ts";
import { runUrl } from "./run-url.ts";
import { usageOptions, type OptionTable, type OptionValues } from "./table.ts";

export const SYNC_OPTIONS = {
  environment: {
    type: "string",
    flag: "env",
    input: "environment",
    required: true,
    value: "NAME",
    help: "environment to sync (clusters/NAME) [required]",
  },
  repo: {
    type: "string",
    flag: "repo",
    input: "path",
    inputDefault: ".",
    value: "DIR",
    help: "repository root (default: the Git work tree around the current folder)",
  },
  planOnly: {
    type: "boolean",
    flag: "plan",
    input: "plan-only",
    help: "print the plan (uploads, skips, deletes, runs they start); change nothing",
  },
  format: {
    type: "enum",
    flag: "format",
    choices: ["text", "json"],
    default: "text",
    value: "text|json",
    help: "report format (default text; json is documented in docs/sync.md)",
  },
  delete: {
    type: "boolean",
    flag: "delete",
    input: "delete",
    help: "delete objects under the source prefixes that Git no longer has",
  },
  maxDelete: {
    type: "number",
    flag: "max-delete",
    input: "max-delete",
    min: 0,
    default: SYNC_DEFAULTS.maxDelete,
    value: "N",
    help: `refuse to run if the plan deletes more than N objects (default ${SYNC_DEFAULTS.maxDelete})`,
  },
  allowTriggerDelete: {
    type: "boolean",
    flag: "allow-trigger-delete",
    input: "allow-trigger-delete",
    help: "allow deletes in the trigger area (keys a rule pattern matches)",
  },
  ensureEventBridge: {
    type: "boolean",
    flag: "ensure-eventbridge",
    input: "ensure-eventbridge",
    help: "turn S3 → EventBridge delivery on if it is off (keeps other notifications)",
  },
  waitForLiveState: {
    type: "boolean",
    flag: "no-wait",
    negated: true,
    input: "wait",
    default: true,
    help: "do not wait for the live state machine and rule to equal this commit",
  },
  waitTimeoutSeconds: {
    type: "number",
    flag: "wait-timeout",
    input: "wait-timeout",
    min: 0,
    default: SYNC_DEFAULTS.waitTimeoutSeconds,
    value: "SECONDS",
    help: `how long to wait for the bucket, the live state and runs (default ${SYNC_DEFAULTS.waitTimeoutSeconds})`,
  },
  waitRuns: {
    type: "boolean",
    flag: "wait-runs",
    input: "wait-runs",
    help: "wait for the executions the uploads started; fail if one fails",
  },
  observeTimeoutSeconds: {
    type: "number",
    flag: "observe-timeout",
    input: "observe-timeout",
    min: 0,
    default: SYNC_DEFAULTS.observeTimeoutSeconds,
    value: "SECONDS",
    help: `how long to look for those executions (default ${SYNC_DEFAULTS.observeTimeoutSeconds}; 0: look once)`,
  },
  endpoint: {
    type: "string",
    flag: "endpoint",
    input: "endpoint",
    value: "URL",
    help: "S3-compatible endpoint (also AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL); path-style",
  },
  sseKmsKeyId: {
    type: "string",
    flag: "sse-kms-key-id",
    input: "sse-kms-key-id",
    value: "ID",
    help: "encrypt uploads with this KMS key",
  },
  concurrency: {
    type: "number",
    flag: "concurrency",
    input: "concurrency",
    min: 1,
    default: SYNC_DEFAULTS.concurrency,
    value: "N",
    help: `parallel uploads (default ${SYNC_DEFAULTS.concurrency})`,
  },
  forceKeys: {
    type: "list",
    flag: "force-keys",
    input: "force-keys",
    value: "K1,K2",
    help: "upload these keys even if unchanged (re-run a pipeline)",
  },
} as const satisfies OptionTable;

export type SyncValues = OptionValues<typeof SYNC_OPTIONS>;

export const SYNC_USAGE = `Usage: edp sync --env NAME [options]

Uploads exactly what changed in an environment's pipeline folders to its bucket: content
compared by checksum (never mtime), non-trigger objects first, trigger objects last and only
once the bucket, S3 → EventBridge delivery and the live state machine and rule are ready.

Options:
${usageOptions(SYNC_OPTIONS, 25)}

Exit codes: 0 done, 1 failed (nothing or only part uploaded; see the report), 2 usage or configuration error.
`;

/** Values from either shell → SyncOptions; `repoRoot` is the shell's to resolve. */
export function syncOptions(
  values: SyncValues,
  repoRoot: string,
  environment: string,
  env: NodeJS.ProcessEnv,
): SyncOptions {
  return {
    repoRoot,
    environment,
    planOnly: values.planOnly,
    delete: values.delete,
    maxDelete: values.maxDelete,
    allowTriggerDelete: values.allowTriggerDelete,
    ensureEventBridge: values.ensureEventBridge,
    waitForLiveState: values.waitForLiveState,
    waitTimeoutSeconds: values.waitTimeoutSeconds,
    waitRuns: values.waitRuns,
    observeTimeoutSeconds: values.observeTimeoutSeconds,
    sseKmsKeyId: values.sseKmsKeyId || undefined,
    concurrency: values.concurrency,
    forceKeys: values.forceKeys,
    runUrl: runUrl(env) ?? undefined,
  };
}
