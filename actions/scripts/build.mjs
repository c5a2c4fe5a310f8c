// Bundles the CLI and each action into its committed dist/ folder with esbuild.
// `--check` builds into a temporary folder and fails when a committed dist/ differs (stale dist).
//
// The schemas in schemas/ and asl-validator's are compiled ahead of time into ES modules
// (src/build/write-precompiled.ts) and bundled in place of src/precompiled/validators.ts, so `edp validate`
// does not compile them on every run. The CLI is split into chunks: `edp sync` never parses the
// validators, ajv or asl-validator. Each action stays one file, as GitHub's template has it.
import { build } from "esbuild";
import { tsImport } from "tsx/esm/api";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const actionsDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repoRoot = path.dirname(actionsDir);
const bundles = [
  { entry: "src/edp.ts", dist: "dist", name: "edp", split: true },
  { entry: "validate-manifests/src/index.ts", dist: "validate-manifests/dist", name: "index", split: false },
  { entry: "sync-scripts/src/index.ts", dist: "sync-scripts/dist", name: "index", split: false },
].filter((b) => existsSync(path.join(actionsDir, b.entry)));

const check = process.argv.includes("--check");
const outRoot = mkdtempSync(path.join(tmpdir(), "edp-dist-"));

// A build cache under node_modules, where the generated modules resolve ajv's runtime files.
const { writePrecompiled } = await tsImport("../src/build/write-precompiled.ts", import.meta.url);
const { bundleOptions } = await tsImport("./bundle-options.ts", import.meta.url);
const precompiledIndex = writePrecompiled(
  path.join(repoRoot, "schemas"),
  path.join(repoRoot, "node_modules", ".cache", "edp-precompiled"),
);
const precompiledPlugin = {
  name: "edp-precompiled",
  setup(b) {
    b.onResolve({ filter: /\/precompiled\/validators\.ts$/ }, () => ({ path: precompiledIndex }));
  },
};

try {
  for (const b of bundles) {
    const outdir = path.join(outRoot, b.dist);
    await build({
      ...bundleOptions,
      entryPoints: { [b.name]: path.join(actionsDir, b.entry) },
      outdir,
      splitting: b.split,
      chunkNames: "chunks/[name]-[hash]",
      plugins: [precompiledPlugin],
    });
  }

  if (check) {
    const stale = bundles.filter((b) => !sameTree(path.join(outRoot, b.dist), path.join(actionsDir, b.dist)));
    if (stale.length > 0) {
      const expected = path.join(repoRoot, ".dist-expected");
      for (const b of stale)
        cpSync(path.join(outRoot, b.dist), path.join(expected, b.dist), { recursive: true });
      console.error(
        `check-dist: stale bundle(s): ${stale.map((b) => `actions/${b.dist}/`).join(", ")}. ` +
          "Run 'npm run build' and commit the result (expected output written to .dist-expected/).",
      );
      process.exitCode = 1;
    } else {
      console.log(`check-dist: ${bundles.length} bundle(s) current.`);
    }
  } else {
    // Whole folders are replaced, so chunks of an earlier build do not linger.
    for (const b of bundles) {
      const target = path.join(actionsDir, b.dist);
      rmSync(target, { recursive: true, force: true });
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(path.join(outRoot, b.dist), target, { recursive: true });
    }
  }
} finally {
  rmSync(outRoot, { recursive: true, force: true });
}

/** Same relative file names with the same bytes. */
function sameTree(a, b) {
  const files = (dir) =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
          .sort()
      : [];
  const left = files(a);
  const right = files(b);
  return (
    left.length === right.length &&
    left.every(
      (f, i) => f === right[i] && readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))),
    )
  );
}
