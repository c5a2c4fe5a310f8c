/** `edp sync`: flags → SyncOptions, AWS clients from the standard chain, report to stdout. */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { EXIT, UsageError, type ExitCode } from "../errors.ts";
import { parseCommandArgs } from "./args.ts";
import type { CliIO, Command } from "./types.ts";
import { SYNC_DEFAULTS } from "../sync/defaults.ts";
import { lineProgress, terminalProgress } from "../report/sync/progress.ts";
import { formatSyncJson } from "../report/sync/json.ts";
import { formatSyncText } from "../report/sync/text.ts";
import { runUrlFromEnv, splitList } from "../sync/run-context.ts";
import { systemClock, type SyncOptions } from "../sync/types.ts";

const USAGE = `Usage: edp sync --env NAME [options]

Uploads exactly what changed in an environment's pipeline folders to its bucket: content
compared by checksum (never mtime), non-trigger objects first, trigger objects last and only
once the bucket, S3 → EventBridge delivery and the live state machine and rule are ready.

Options:
  --env NAME               environment to sync (clusters/NAME) [required]
  --repo DIR               repository root (default: the Git work tree around the current folder)
  --plan                   print the plan (uploads, skips, deletes, runs they start); change nothing
  --format text|json       report format (default text; json is documented in docs/sync.md)
  --delete                 delete objects under the source prefixes that Git no longer has
  --max-delete N           refuse to run if the plan deletes more than N objects (default ${SYNC_DEFAULTS.maxDelete})
  --allow-trigger-delete   allow deletes in the trigger area (keys a rule pattern matches)
  --ensure-eventbridge     turn S3 → EventBridge delivery on if it is off (keeps other notifications)
  --no-wait                do not wait for the live state machine and rule to equal this commit
  --wait-timeout SECONDS   how long to wait for the bucket, the live state and runs (default ${SYNC_DEFAULTS.waitTimeoutSeconds})
  --wait-runs              wait for the executions the uploads started; fail if one fails
  --observe-timeout SECONDS  how long to look for those executions (default ${SYNC_DEFAULTS.observeTimeoutSeconds}; 0: look once)
  --endpoint URL           S3-compatible endpoint (also AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL); path-style
  --sse-kms-key-id ID      encrypt uploads with this KMS key
  --concurrency N          parallel uploads (default ${SYNC_DEFAULTS.concurrency})
  --force-keys K1,K2       upload these keys even if unchanged (re-run a pipeline)

Exit codes: 0 done, 1 failed (nothing or only part uploaded; see the report), 2 usage or configuration error.
`;

const OPTIONS = {
  env: { type: "string" },
  repo: { type: "string" },
  plan: { type: "boolean" },
  format: { type: "string" },
  delete: { type: "boolean" },
  "max-delete": { type: "string" },
  "allow-trigger-delete": { type: "boolean" },
  "ensure-eventbridge": { type: "boolean" },
  "no-wait": { type: "boolean" },
  "wait-timeout": { type: "string" },
  "wait-runs": { type: "boolean" },
  "observe-timeout": { type: "string" },
  endpoint: { type: "string" },
  "sse-kms-key-id": { type: "string" },
  concurrency: { type: "string" },
  "force-keys": { type: "string" },
} as const;

export const syncCommand: Command = {
  name: "sync",
  summary: "Upload exactly what changed to an environment's bucket, trigger scripts last",
  usage: USAGE,
  run: async (argv: string[], io: CliIO): Promise<ExitCode> => {
    const { values } = parseCommandArgs("sync", argv, OPTIONS);
    if (!values.env)
      throw new UsageError("edp sync: --env NAME is required. Run 'edp sync --help' for usage.");
    const format = values.format ?? "text";
    if (format !== "text" && format !== "json")
      throw new UsageError(`edp sync: --format must be text or json, not '${format}'`);
    const concurrency = count("--concurrency", values.concurrency, SYNC_DEFAULTS.concurrency, 1);
    const options: SyncOptions = {
      repoRoot: values.repo ? path.resolve(io.cwd, values.repo) : gitTopLevel(io.cwd),
      environment: values.env,
      planOnly: values.plan ?? false,
      delete: values.delete ?? false,
      maxDelete: count("--max-delete", values["max-delete"], SYNC_DEFAULTS.maxDelete, 0),
      allowTriggerDelete: values["allow-trigger-delete"] ?? false,
      ensureEventBridge: values["ensure-eventbridge"] ?? false,
      waitForLiveState: !(values["no-wait"] ?? false),
      waitTimeoutSeconds: count(
        "--wait-timeout",
        values["wait-timeout"],
        SYNC_DEFAULTS.waitTimeoutSeconds,
        0,
      ),
      waitRuns: values["wait-runs"] ?? false,
      observeTimeoutSeconds: count(
        "--observe-timeout",
        values["observe-timeout"],
        SYNC_DEFAULTS.observeTimeoutSeconds,
        0,
      ),
      sseKmsKeyId: values["sse-kms-key-id"] || undefined,
      concurrency,
      forceKeys: splitList(values["force-keys"]),
      runUrl: runUrlFromEnv(io.env) ?? undefined,
    };
    // kustomize runs in child processes: start rendering before the AWS SDK loads, so they overlap.
    const { renderEnvironments } = await import("../render/index.ts");
    const rendering = renderEnvironments({ repoRoot: options.repoRoot, environments: [options.environment] });
    rendering.catch(() => undefined); // awaited (and reported) by syncEnvironment
    // Let the kustomize process start before the SDK's synchronous module loading takes the thread.
    await new Promise((resolve) => setImmediate(resolve));
    const [{ createAwsClients, destroyClients }, { syncEnvironment }] = await Promise.all([
      import("../sync/aws/clients.ts"),
      import("../sync/index.ts"),
    ]);
    const clients = createAwsClients({
      endpoint: values.endpoint,
      env: io.env,
      maxSockets: Math.max(50, concurrency * 2),
    });
    const progress = io.stderr.isTTY
      ? terminalProgress(io.stderr, systemClock)
      : lineProgress((line) => io.stderr.write(`${line}\n`), systemClock);
    try {
      const report = await syncEnvironment(options, { ...clients, progress, render: () => rendering });
      io.stdout.write(format === "json" ? formatSyncJson(report) : formatSyncText(report));
      return report.ok ? EXIT.ok : EXIT.failed;
    } finally {
      destroyClients(clients);
    }
  },
};

function count(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`edp sync: ${flag} must be a whole number ≥ ${min}, not '${value}'`);
  }
  return n;
}

function gitTopLevel(cwd: string): string {
  try {
    return execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return cwd;
  }
}
