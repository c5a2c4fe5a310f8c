// `npm test`: type-checks, lints (ESLint, Prettier), checks the bundles, checks the tools the
// integration and e2e tiers need, then runs every test with node's test runner.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const prerequisites = [
  [
    "kubectl",
    ["version", "--client"],
    "kubectl (with built-in kustomize v5) renders the overlays; install kubectl >= 1.27",
  ],
  ["terraform", ["version"], "terraform formats and checks terraform/; install terraform >= 1.9"],
  [
    "moto_server",
    ["--help"],
    "moto_server emulates S3/EventBridge/SFN for integration tests; run: pip install 'moto[server]'",
  ],
  ["python3", ["--version"], "python3 runs the sample-input generator test; install Python 3"],
];
function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// Arguments: test files, or tiers (unit: in memory, milliseconds; integration: real kustomize,
// git, terraform, python; e2e: local moto and GitHub API servers). None: everything, as CI runs it.
const TIERS = ["unit", "integration", "e2e"];
const args = process.argv.slice(2);
const only = args.flatMap((a) =>
  TIERS.includes(a) ? findTests(path.join(root, "actions", "test", a)).sort() : [a],
);
if (args.length === 0) {
  run("npx", ["tsc", "--noEmit"]);
  run("npx", ["eslint", "."]);
  // The pull-request workflow runs `npm run lint` (ESLint and Prettier): fail here first.
  run("npx", ["prettier", "--check", "."]);
  // The action tests run the committed bundles: they must be what the sources build.
  run(process.execPath, ["actions/scripts/build.mjs", "--check"]);
}

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "fixtures" ? [] : findTests(full);
    return name.endsWith(".test.ts") ? [full] : [];
  });
}
const files = args.length > 0 ? only : findTests(path.join(root, "actions", "test")).sort();

// The unit tier runs in memory; the others start real tools. Check for those only when needed.
if (files.some((f) => !f.split(path.sep).includes("unit"))) {
  for (const [cmd, cmdArgs, why] of prerequisites) {
    const r = spawnSync(cmd, cmdArgs, { stdio: "ignore" });
    if (r.error) {
      console.error(`missing prerequisite '${cmd}': ${why}.`);
      process.exit(2);
    }
  }
}
run(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...files],
  { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", NO_COLOR: "1" },
);
