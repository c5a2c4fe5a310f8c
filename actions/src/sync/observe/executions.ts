/**
 * The runs the uploads started. EventBridge starts executions asynchronously, so:
 *   0. before the trigger phase, note the executions that already exist (no clocks involved:
 *      a re-upload of the same content a minute later must not claim the earlier run);
 *   1. poll ListExecutions of each state machine a trigger upload targets;
 *   2. DescribeExecution on every execution that is new since then, and keep those whose input
 *      is the S3 event for one of our keys (and our ETag, when the event has one);
 *   3. stop once every upload has its execution, or at the deadline.
 */
import { DescribeExecutionCommand, ListExecutionsCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { remoteError } from "../aws/errors.ts";
import type { ExecutionReport } from "../types.ts";
import type { WaitOptions } from "../settings.ts";

export interface TriggerUpload {
  bucket: string;
  key: string;
  etag: string;
  stateMachines: string[];
}

const MAX_PAGES = 10;

/** Execution ARNs that exist now (the newest pages), per the given state machines. */
export async function snapshotExecutions(
  sfn: SFNClient,
  stateMachineArns: Iterable<string>,
): Promise<Set<string>> {
  const known = new Set<string>();
  for (const arn of new Set(stateMachineArns)) {
    await listExecutions(sfn, arn, (executionArn) => {
      known.add(executionArn);
    });
  }
  return known;
}

export async function observeExecutions(
  sfn: SFNClient,
  stateMachineArns: ReadonlyMap<string, string>,
  uploads: readonly TriggerUpload[],
  known: ReadonlySet<string>,
  wait: WaitOptions,
): Promise<{ executions: ExecutionReport[]; missing: string[] }> {
  const expected = new Map<string, TriggerUpload[]>(); // state machine name → uploads
  for (const u of uploads)
    for (const sm of u.stateMachines) expected.set(sm, [...(expected.get(sm) ?? []), u]);
  const described = new Map<string, ExecutionReport | null>();
  const deadline = wait.clock.now() + wait.timeoutMs;
  for (;;) {
    for (const [name, list] of expected) {
      const arn = stateMachineArns.get(name);
      if (!arn) continue;
      await listExecutions(sfn, arn, async (executionArn) => {
        if (!known.has(executionArn) && !described.has(executionArn)) {
          described.set(executionArn, await describe(sfn, name, arn, executionArn, list));
        }
      });
    }
    const found = [...described.values()].filter((e): e is ExecutionReport => e !== null);
    const missing = [...expected].flatMap(([name, list]) =>
      list
        .filter((u) => !found.some((e) => e.stateMachine === name && e.key === u.key))
        .map((u) => `${u.key} → ${name}`),
    );
    if (missing.length === 0 || wait.clock.now() >= deadline) {
      return {
        executions: found.sort(
          (a, b) => a.startDate.localeCompare(b.startDate) || a.key.localeCompare(b.key),
        ),
        missing,
      };
    }
    wait.progress.message(`waiting for ${missing.length} execution(s) to start`);
    await wait.clock.sleep(wait.pollMs);
  }
}

async function listExecutions(
  sfn: SFNClient,
  arn: string,
  visit: (executionArn: string) => Promise<void> | void,
): Promise<void> {
  let token: string | undefined;
  let pages = 0;
  do {
    let page;
    try {
      page = await sfn.send(
        new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 100, nextToken: token }),
      );
    } catch (error) {
      throw remoteError(`list executions of ${arn}`, error);
    }
    for (const item of page.executions ?? []) if (item.executionArn) await visit(item.executionArn);
    token = page.nextToken;
  } while (token && ++pages < MAX_PAGES);
}

async function describe(
  sfn: SFNClient,
  name: string,
  stateMachineArn: string,
  executionArn: string,
  uploads: readonly TriggerUpload[],
): Promise<ExecutionReport | null> {
  let r;
  try {
    r = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  } catch (error) {
    throw remoteError(`describe execution ${executionArn}`, error);
  }
  const event = parseEvent(r.input);
  const upload = uploads.find(
    (u) =>
      u.key === event.key &&
      (event.bucket === null || event.bucket === u.bucket) &&
      (event.etag === null || event.etag === u.etag),
  );
  if (!upload) return null;
  return {
    stateMachine: name,
    stateMachineArn,
    executionArn,
    name: r.name ?? executionArn.split(":").pop() ?? "",
    key: upload.key,
    status: r.status ?? "UNKNOWN",
    startDate: (r.startDate ?? new Date(0)).toISOString(),
    url: consoleUrl(executionArn),
  };
}

function parseEvent(input: string | undefined): {
  key: string | null;
  bucket: string | null;
  etag: string | null;
} {
  try {
    const detail =
      (JSON.parse(input ?? "") as { detail?: Record<string, Record<string, unknown>> }).detail ?? {};
    const str = (v: unknown) => (typeof v === "string" ? v : null);
    // AWS calls it "etag", moto "eTag".
    return {
      key: str(detail.object?.key),
      bucket: str(detail.bucket?.name),
      etag: str(detail.object?.etag ?? detail.object?.eTag),
    };
  } catch {
    return { key: null, bucket: null, etag: null };
  }
}

export function consoleUrl(executionArn: string): string {
  const region = executionArn.split(":")[3] || "us-east-1";
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}
