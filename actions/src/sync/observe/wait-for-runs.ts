/** With --wait-runs: poll the executions the uploads started until each has finished. */
import { DescribeExecutionCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { remoteError } from "../aws/errors.ts";
import type { WaitOptions } from "../settings.ts";
import type { ExecutionReport } from "../types.ts";

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]);

/** Polls until every execution has finished or the deadline passes; returns them updated. */
export async function waitForRuns(
  sfn: SFNClient,
  executions: ExecutionReport[],
  wait: WaitOptions,
): Promise<ExecutionReport[]> {
  const deadline = wait.clock.now() + wait.timeoutMs;
  let current = executions;
  for (;;) {
    current = await Promise.all(
      current.map(async (e) => {
        if (TERMINAL.has(e.status)) return e;
        try {
          const r = await sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn }));
          return { ...e, status: r.status ?? e.status };
        } catch (error) {
          throw remoteError(`describe execution ${e.executionArn}`, error);
        }
      }),
    );
    const running = current.filter((e) => !TERMINAL.has(e.status));
    if (running.length === 0 || wait.clock.now() >= deadline) return current;
    wait.progress.message(`waiting for ${running.length} run(s) to finish`);
    await wait.clock.sleep(wait.pollMs);
  }
}

export function isFailedRun(status: string): boolean {
  return TERMINAL.has(status) && status !== "SUCCEEDED";
}
