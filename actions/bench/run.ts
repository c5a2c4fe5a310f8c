/** `npm run bench`: validation and sync speed, printed as one table. Never run by the tests. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runValidateBench, type BenchRow } from "./validate-bench.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const pipelines = Number(process.env.EDP_BENCH_PIPELINES ?? 100);

function print(title: string, rows: BenchRow[]): void {
  const w = [Math.max(...rows.map((r) => r.measure.length)), Math.max(...rows.map((r) => r.value.length))];
  console.log(`\n${title}`);
  for (const r of rows)
    console.log(`  ${r.measure.padEnd(w[0] ?? 0)}  ${r.value.padEnd(w[1] ?? 0)}  ${r.note}`);
}

const only = process.argv[2];
if (!only || only === "validate") print("edp validate", await runValidateBench(repoRoot, pipelines));
if (!only || only === "sync") {
  const { runSyncBench, formatSyncBench } = await import("./sync-bench.ts");
  console.log(formatSyncBench(await runSyncBench()));
}
