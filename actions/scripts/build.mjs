// Bundles the CLI and each action into its committed dist/ with esbuild.
// `--check` builds into a temporary folder and fails when a committed bundle differs (stale dist).
import { build } from "esbuild";
import { mkdtempSync, readFileSync, existsSync, rmSync, mkdirSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const actionsDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bundles = [
  { entry: "src/edp.ts", out: "dist/edp.js" },
  { entry: "validate-manifests/src/index.ts", out: "validate-manifests/dist/index.js" },
  { entry: "sync-scripts/src/index.ts", out: "sync-scripts/dist/index.js" },
].filter((b) => existsSync(path.join(actionsDir, b.entry)));

const check = process.argv.includes("--check");
const outRoot = check ? mkdtempSync(path.join(tmpdir(), "edp-dist-")) : actionsDir;

// ESM output still meets CommonJS dependencies (asl-validator, ajv): give them a require().
const banner =
  "import { createRequire as __edpCreateRequire } from 'node:module';\nconst require = __edpCreateRequire(import.meta.url);";

for (const b of bundles) {
  await build({
    entryPoints: [path.join(actionsDir, b.entry)],
    outfile: path.join(outRoot, b.out),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    banner: { js: banner },
    legalComments: "none",
    // Smaller bundles parse faster (every CLI run pays it); identifiers stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
  });
}

if (check) {
  const stale = bundles.filter((b) => {
    const committed = path.join(actionsDir, b.out);
    return !existsSync(committed) || !readFileSync(committed).equals(readFileSync(path.join(outRoot, b.out)));
  });
  if (stale.length > 0) {
    const dir = path.join(actionsDir, "..", ".dist-expected");
    for (const b of stale) {
      mkdirSync(path.dirname(path.join(dir, b.out)), { recursive: true });
      copyFileSync(path.join(outRoot, b.out), path.join(dir, b.out));
    }
    console.error(
      `check-dist: stale bundle(s): ${stale.map((b) => `actions/${b.out}`).join(", ")}. ` +
        "Run 'npm run build' and commit the result (expected output written to .dist-expected/).",
    );
    process.exitCode = 1;
  } else {
    console.log(`check-dist: ${bundles.length} bundle(s) current.`);
  }
  rmSync(outRoot, { recursive: true, force: true });
}
