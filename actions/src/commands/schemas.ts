/**
 * `edp schemas`: regenerate the strict JSON Schemas in schemas/ from a CRD folder (default
 * ../shared/crds beside the repository) or from the pinned upstream release files.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { EXIT, UsageError } from "../errors.ts";
import { downloadPinnedSources, type Fetcher } from "../schemas/fetch-release.ts";
import { generateSchemas } from "../schemas/generate.ts";
import { ACK_KIND_MAPPINGS } from "../schemas/aws-constraints/ack-mapping.ts";
import { readServiceModels } from "../schemas/aws-constraints/model.ts";
import { findRepoRoot } from "../schemas/repo-root.ts";
import { PINNED_SOURCES } from "../schemas/sources.ts";
import { readSourcesMd } from "../schemas/sources-md.ts";
import { readFlags } from "../options/table.ts";
import { SCHEMAS_OPTIONS, SCHEMAS_USAGE } from "../options/schemas.ts";
import type { Command } from "./types.ts";

/** Seam for tests: the network access of --from-release. */
export function createSchemasCommand(fetcher: Fetcher = fetch): Command {
  return {
    name: "schemas",
    summary: "Generate strict JSON Schemas (kubeconform layout) from CRDs",
    usage: SCHEMAS_USAGE,
    async run(argv, io) {
      const { values } = readFlags("schemas", SCHEMAS_OPTIONS, argv);
      if (values.from !== undefined && values.fromRelease) {
        throw new UsageError("edp schemas: --from and --from-release exclude each other; pass one of them");
      }
      const started = performance.now();
      const root = findRepoRoot(io.cwd);
      const out = path.resolve(io.cwd, values.out ?? path.join(root, "schemas"));
      let from: string;
      let scratch: string | null = null;
      try {
        let upstream;
        if (values.fromRelease) {
          scratch = mkdtempSync(path.join(tmpdir(), "edp-crds-"));
          from = scratch;
          upstream = await downloadPinnedSources(scratch, PINNED_SOURCES, fetcher);
        } else {
          from = path.resolve(io.cwd, values.from ?? path.join(root, "..", "shared", "crds"));
          upstream = readSourcesMd(from);
        }
        const awsModelsDir = path.resolve(
          io.cwd,
          values.awsModels ?? path.join(root, "..", "shared", "aws-models"),
        );
        const awsModels = readServiceModels(
          awsModelsDir,
          ACK_KIND_MAPPINGS.map((m) => m.model),
        );
        const result = generateSchemas({ from, out, upstream, awsModels });
        const ms = Math.round(performance.now() - started);
        io.stdout.write(
          `edp schemas: wrote ${result.crdSchemas} CRD and ${result.coreSchemas} core schemas, and the AWS constraints of ${awsModels.size} service models, to ${path.relative(io.cwd, out) || "."} in ${ms} ms\n`,
        );
      } finally {
        if (scratch) rmSync(scratch, { recursive: true, force: true });
      }
      return EXIT.ok;
    },
  };
}

export const schemasCommand: Command = createSchemasCommand();
