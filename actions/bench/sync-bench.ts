/**
 * Sync speed: `edp sync` against `aws s3 sync` and `rclone sync --checksum`, on the same moto
 * server and the same tree (the taxi-trips pipeline plus 1,000 generated input files), through
 * one counting proxy. Three cases per tool, each a fresh process timed by wall clock:
 *   1. first upload to an empty bucket;
 *   2. no-op re-sync from a fresh `git clone` (every mtime is new);
 *   3. one file changed (same size).
 * edp runs as the bundled CLI (a fresh Node process, render included) and, to show what process
 * start-up costs, as the library in-process on another environment (its own bucket, same files).
 * A tool that is not installed gets a row saying so.
 * Runnable alone: `tsx actions/bench/sync-bench.ts` (or `npm run bench sync`).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { CreateStateMachineCommand } from "@aws-sdk/client-sfn";
import { PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { renderEnvironments } from "../src/render/index.ts";
import { createAwsClients, destroyClients, type AwsClients } from "../src/sync/aws/clients.ts";
import { syncEnvironment } from "../src/sync/index.ts";
import { discoverPipelines } from "../src/pipeline/discover.ts";
import { build } from "esbuild";
import { bundleOptions } from "../scripts/bundle-options.ts";
import { startMoto, TEST_CREDENTIALS, TEST_REGION } from "../test/helpers/moto.ts";
import { startS3Proxy, type S3Proxy } from "../test/helpers/s3-proxy.ts";
import { formatSyncBench, type SyncBenchRow } from "./sync-bench-format.ts";
import { createTree, line, name, PIPELINE, ROOT, run } from "./sync-bench-tree.ts";

export { formatSyncBench, type SyncBenchRow } from "./sync-bench-format.ts";

const ACCOUNT = "123456789012";
const SOURCES = ["deps", "pod-templates", "input", "scripts"];
const CASES = ["first upload", "no-op re-sync (fresh clone)", "one file changed"] as const;
/** Timed runs of the no-op and one-file cases per tool (single runs here vary by ±15%). */
const ROUNDS = Number(process.env.EDP_BENCH_ROUNDS ?? 5);

/**
 * A same-size replacement for the word "value" in the changed file, different every round: the
 * letters of "value" upper-cased by the bits of round + 1 (31 distinct edits).
 */
function sameSizeEdit(round: number): string {
  if (round >= 31)
    throw new Error(`EDP_BENCH_ROUNDS: at most 31 rounds (one distinct edit each), not ${ROUNDS}`);
  return [..."value"].map((c, i) => (((round + 1) >> i) & 1 ? c.toUpperCase() : c)).join("");
}

export async function runSyncBench(
  options: { files?: number; environment?: string; libraryEnvironment?: string } = {},
): Promise<SyncBenchRow[]> {
  const files = options.files ?? Number(process.env.EDP_BENCH_FILES ?? 1000);
  const environment = options.environment ?? "dev";
  const libraryEnvironment = options.libraryEnvironment ?? "staging";
  const work = mkdtempSync(path.join(tmpdir(), "edp-sync-bench-"));
  const moto = await startMoto();
  const proxy = await startS3Proxy({ target: moto.endpoint });
  const env = benchEnv(proxy.endpoint);
  // The in-process clients read the standard chain too (process.env): give it the test keys.
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  const clients = createAwsClients({ endpoint: moto.endpoint, env });
  try {
    const repo = createTree(path.join(work, "repo"), files);
    const bucket = await createLiveState(clients, repo, environment);
    await createLiveState(clients, repo, libraryEnvironment);
    await clients.s3.send(new CreateBucketCommand({ Bucket: "bench-aws" }));
    await clients.s3.send(new CreateBucketCommand({ Bucket: "bench-rclone" }));
    const tools = [
      edpTool(environment),
      edpLibraryTool(libraryEnvironment, proxy.endpoint, env),
      awsTool(),
      rcloneTool(),
    ];
    const floor = await floorTool(work, bucket);
    const rows: SyncBenchRow[] = [];
    let tree = repo;
    const changed = path.join(PIPELINE, "input/bench", name(Math.floor(files / 2)));
    for (const benchCase of CASES) {
      const first = benchCase === "first upload";
      const caseTools = first ? tools : [...tools, floor];
      const samples = new Map<Tool, SyncBenchRow[]>(caseTools.map((t) => [t, []]));
      // The first upload happens once; the short cases are timed ROUNDS times, tools alternating.
      for (let round = 0; round < (first ? 1 : ROUNDS); round++) {
        if (benchCase === "no-op re-sync (fresh clone)") {
          tree = path.join(work, `clone-${round}`); // a fresh clone every round: every mtime is new
          run("git", ["clone", "-q", repo, tree]);
        }
        if (benchCase === "one file changed") {
          // Same size, new content every round: each tool has exactly one file to upload.
          const i = Math.floor(files / 2);
          writeFileSync(path.join(tree, changed), line(i).replace("value", sameSizeEdit(round)));
        }
        for (const tool of caseTools)
          samples.get(tool)!.push(await measure(benchCase, tool, tree, proxy, env));
      }
      for (const tool of caseTools) rows.push(medianRow(samples.get(tool)!));
    }
    rows.push({
      case: "",
      tool: "",
      ms: null,
      put: 0,
      list: 0,
      head: 0,
      other: 0,
      note: `${files + 6} files (${files} generated + the pipeline's 6) → s3://${bucket}; moto ${moto.endpoint} via a counting proxy`,
    });
    return rows;
  } finally {
    destroyClients(clients);
    await proxy.stop();
    await moto.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

interface Tool {
  name: string;
  available: string | null;
  command?: (
    tree: string,
    endpoint: string,
  ) => { cmd: string; args: string[]; env?: Record<string, string | undefined> };
  /** In-process instead of a command: resolves to an exit code and a message. */
  inProcess?: (tree: string) => Promise<{ code: number; stderr: string }>;
}

function edpLibraryTool(environment: string, endpoint: string, env: NodeJS.ProcessEnv): Tool {
  return {
    name: `edp library (${environment})`,
    available: null,
    inProcess: async (tree) => {
      const clients = createAwsClients({ endpoint, env });
      try {
        const report = await syncEnvironment(
          { repoRoot: tree, environment, ensureEventBridge: true, observeTimeoutSeconds: 0 },
          clients,
        );
        return { code: report.ok ? 0 : 1, stderr: report.errors.join(" ") };
      } catch (error) {
        return { code: 2, stderr: (error as Error).message };
      } finally {
        destroyClients(clients);
      }
    },
  };
}

function edpTool(environment: string): Tool {
  const bundled = path.join(ROOT, "actions/dist/edp.js");
  const built = existsSync(bundled);
  return {
    name: built ? "edp sync" : "edp sync (tsx, not bundled)",
    available: null,
    command: (tree, endpoint) => ({
      cmd: process.execPath,
      args: [
        ...(built ? [bundled] : ["--import", "tsx", path.join(ROOT, "actions/src/edp.ts")]),
        "sync",
        "--env",
        environment,
        "--repo",
        tree,
        "--endpoint",
        endpoint,
        "--ensure-eventbridge",
        "--observe-timeout",
        "0",
      ],
    }),
  };
}

function awsTool(): Tool {
  const probe = spawnSync("aws", ["--version"], { encoding: "utf8" });
  return {
    name: "aws s3 sync",
    available: probe.error || probe.status !== 0 ? "not installed" : null,
    command: (tree, endpoint) => ({
      cmd: "aws",
      args: [
        "s3",
        "sync",
        path.join(tree, PIPELINE),
        "s3://bench-aws/",
        "--endpoint-url",
        endpoint,
        "--only-show-errors",
        "--exclude",
        "*",
        ...SOURCES.flatMap((s) => ["--include", `${s}/*`]),
      ],
    }),
  };
}

function rcloneTool(): Tool {
  const probe = spawnSync("rclone", ["version"], { encoding: "utf8" });
  return {
    name: "rclone sync --checksum",
    available: probe.error || probe.status !== 0 ? "not installed (apt-get install rclone)" : null,
    command: (tree, endpoint) => ({
      cmd: "rclone",
      args: [
        "sync",
        "--checksum",
        "--config",
        "/dev/null",
        path.join(tree, PIPELINE),
        ":s3:bench-rclone",
        ...SOURCES.flatMap((s) => ["--include", `/${s}/**`]),
      ],
      env: {
        RCLONE_S3_PROVIDER: "Other",
        RCLONE_S3_ENDPOINT: endpoint,
        RCLONE_S3_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        RCLONE_S3_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        RCLONE_S3_REGION: TEST_REGION,
        RCLONE_S3_FORCE_PATH_STYLE: "true",
        RCLONE_S3_NO_CHECK_BUCKET: "true",
        AWS_CA_BUNDLE: undefined, // rclone fails on this machine's bundle setting
      },
    }),
  };
}

async function measure(
  benchCase: string,
  tool: Tool,
  tree: string,
  proxy: S3Proxy,
  env: NodeJS.ProcessEnv,
): Promise<SyncBenchRow> {
  const row: SyncBenchRow = {
    case: benchCase,
    tool: tool.name,
    ms: null,
    put: 0,
    list: 0,
    head: 0,
    other: 0,
    note: "",
  };
  if (tool.available) return { ...row, note: tool.available };
  proxy.resetCounts();
  const started = performance.now();
  const result = tool.inProcess
    ? await tool.inProcess(tree)
    : await spawnTool(tool, tree, proxy.endpoint, env);
  const ms = performance.now() - started;
  for (const [type, n] of Object.entries(proxy.counts())) {
    if (type === "PUT" || type === "UPLOAD_PART") row.put += n;
    else if (type.startsWith("LIST")) row.list += n;
    else if (type === "HEAD") row.head += n;
    else row.other += n;
  }
  if (result.code !== 0)
    return { ...row, note: `failed (exit ${result.code}): ${result.stderr.trim().split("\n").pop() ?? ""}` };
  return { ...row, ms };
}

/** The run with the median wall time (its request counts: every round makes the same ones). */
function medianRow(samples: SyncBenchRow[]): SyncBenchRow {
  const failed = samples.find((r) => r.note !== "" && r.ms === null);
  if (failed) return failed;
  const sorted = [...samples].sort((a, b) => (a.ms ?? 0) - (b.ms ?? 0));
  const row = { ...sorted[Math.floor((sorted.length - 1) / 2)]! };
  if (samples.length > 1) row.note = `median of ${samples.length}`;
  return row;
}

/**
 * What a Node.js program with the AWS SDK costs at the least, here: start, load the bundled
 * S3 client (built like edp's: ES modules, tree-shaken) and list the pipeline's four prefixes
 * once, nothing else. Not a sync; it shows the floor under any Node.js sync of this tree.
 */
async function floorTool(work: string, bucket: string): Promise<Tool> {
  const outfile = path.join(work, "floor.mjs");
  await build({
    stdin: {
      contents: [
        'import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";',
        "const s3 = new S3Client({ endpoint: process.env.AWS_ENDPOINT_URL, forcePathStyle: true });",
        `await Promise.all(${JSON.stringify(SOURCES.map((s) => `${s}/`))}.map((Prefix) =>`,
        `  s3.send(new ListObjectsV2Command({ Bucket: ${JSON.stringify(bucket)}, Prefix }))));`,
        "s3.destroy();",
      ].join("\n"),
      resolveDir: ROOT,
      loader: "ts",
    },
    ...bundleOptions,
    outfile,
    logLevel: "error",
  });
  return {
    name: "floor: node + AWS SDK, 4 LISTs only",
    available: null,
    command: () => ({ cmd: process.execPath, args: [outfile] }),
  };
}

async function spawnTool(
  tool: Tool,
  tree: string,
  endpoint: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string }> {
  const { cmd, args, env: extra } = tool.command!(tree, endpoint);
  const childEnv: NodeJS.ProcessEnv = { ...env, ...extra };
  for (const [k, v] of Object.entries(extra ?? {})) if (v === undefined) delete childEnv[k];
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(cmd, args, { env: childEnv, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on("error", (e) => resolve({ code: -1, stderr: e.message }));
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

/** The real pipeline (manifests and files) plus `files` generated input files, committed. */
/** What Flux and ACK would have created: the bucket, the state machine and the rule, as declared. */
async function createLiveState(clients: AwsClients, repo: string, environment: string): Promise<string> {
  const rendered = await renderEnvironments({ repoRoot: repo, environments: [environment] });
  const objects = rendered.environments[0]?.objects ?? [];
  const [target] = discoverPipelines(repo, environment, objects);
  if (!target) throw new Error(`bench: no pipeline in environment ${environment}`);
  await clients.s3.send(new CreateBucketCommand({ Bucket: target.bucket }));
  for (const [smName, sm] of target.stateMachines) {
    await clients.sfn.send(
      new CreateStateMachineCommand({
        name: smName,
        definition: sm.definition,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/bench`,
      }),
    );
  }
  for (const rule of target.rules) {
    await clients.eventbridge.send(
      new PutRuleCommand({
        Name: rule.name,
        EventPattern: rule.patternText,
        State: rule.enabled ? "ENABLED" : "DISABLED",
      }),
    );
    const targets = rule.stateMachines.map((sm, i) => ({
      Id: `t${i}`,
      Arn: `arn:aws:states:${TEST_REGION}:${ACCOUNT}:stateMachine:${sm}`,
    }));
    if (targets.length)
      await clients.eventbridge.send(new PutTargetsCommand({ Rule: rule.name, Targets: targets }));
  }
  return target.bucket;
}

function benchEnv(endpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: TEST_REGION,
    AWS_DEFAULT_REGION: TEST_REGION,
    AWS_ENDPOINT_URL: endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  return env;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  console.log(formatSyncBench(await runSyncBench()));
}
