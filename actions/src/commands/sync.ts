/** `edp sync`: flags → SyncOptions, AWS clients from the standard chain, report to stdout. */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { EXIT, UsageError, type ExitCode } from "../errors.ts";
import { readFlags } from "../options/table.ts";
import { SYNC_OPTIONS, SYNC_USAGE, syncOptions } from "../options/sync.ts";
import type { CliIO, Command } from "./types.ts";
import { lineProgress, terminalProgress } from "../report/sync/progress.ts";
import { formatSyncJson } from "../report/sync/json.ts";
import { formatSyncText } from "../report/sync/text.ts";
import { systemClock } from "../sync/types.ts";

export const syncCommand: Command = {
  name: "sync",
  summary: "Upload exactly what changed to an environment's bucket, trigger scripts last",
  usage: SYNC_USAGE,
  run: async (argv: string[], io: CliIO): Promise<ExitCode> => {
    const { values } = readFlags("sync", SYNC_OPTIONS, argv);
    if (!values.environment)
      throw new UsageError("edp sync: --env NAME is required. Run 'edp sync --help' for usage.");
    const repoRoot = values.repo ? path.resolve(io.cwd, values.repo) : gitTopLevel(io.cwd);
    const options = syncOptions(values, repoRoot, values.environment, io.env);
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
      maxSockets: Math.max(50, values.concurrency * 2),
    });
    const progress = io.stderr.isTTY
      ? terminalProgress(io.stderr, systemClock)
      : lineProgress((line) => io.stderr.write(`${line}\n`), systemClock);
    try {
      const report = await syncEnvironment(options, { ...clients, progress, render: () => rendering });
      io.stdout.write(values.format === "json" ? formatSyncJson(report) : formatSyncText(report));
      return report.ok ? EXIT.ok : EXIT.failed;
    } finally {
      destroyClients(clients);
    }
  },
};

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
