import type { BuildOptions } from "esbuild";

// esbuild settings every edp bundle shares (build.mjs), and the bench's floor script, which must
// be built exactly like edp to measure what edp cannot go below.

// ESM output still meets CommonJS dependencies (asl-validator, ajv): give them a require().
const banner =
  "import { createRequire as __edpCreateRequire } from 'node:module';\nconst require = __edpCreateRequire(import.meta.url);";

export const bundleOptions: BuildOptions = {
  bundle: true,
  platform: "node",
  // ES module builds first: the AWS SDK's (sideEffects: false) then tree-shake to the commands
  // edp sends, instead of every S3 operation's code and schema being loaded on each run.
  mainFields: ["module", "main"],
  format: "esm",
  target: "node20",
  banner: { js: banner },
  legalComments: "none",
  // Smaller bundles parse faster (every CLI run pays it); identifiers stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
};
