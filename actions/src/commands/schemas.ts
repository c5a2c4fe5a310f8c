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
import { findRepoRoot } from "../schemas/repo-root.ts";
import { PINNED_SOURCES } from "../schemas/sources.ts";
import { readSourcesMd } from "../schemas/sources-md.ts";
import { parseCommandArgs } from "./args.ts";
import type { Command } from "./types.ts";

const usage = `Usage: edp schemas [--from DIR | --from-release] [--out DIR]

Generate strict JSON Schemas (kubeconform layout) from Kubernetes CRDs, for 'edp validate'
and for kubeconform -schema-location.

Options:
  --from DIR       CRD folder: <api-group>/*.yaml CRDs and k8s-core/*.json core schemas
                   (default: ../shared/crds beside the repository root)
  --from-release   download the pinned upstream files (actions/src/schemas/sources.ts) instead
  --out DIR        output folder, replaced as a whole (default: schemas/ in the repository root)

Writes {group}/{kind}_{version}.json per served CRD version, {kind}-{group}-{version}.json per
core kind, and PROVENANCE.json. Nothing is written unless every schema was generated.`;

/** Seam for tests: the network access of --from-release. */
export function createSchemasCommand(fetcher: Fetcher = fetch): Command {
  return {
    name: "schemas",
    summary: "Generate strict JSON Schemas (kubeconform layout) from CRDs",
    usage,
    async run(argv, io) {
      const { values } = parseCommandArgs("schemas", argv, {
        from: { type: "string" },
        out: { type: "string" },
        "from-release": { type: "boolean" },
      });
      if (values.from !== undefined && values["from-release"]) {
        throw new UsageError("edp schemas: --from and --from-release exclude each other; pass one of them");
      }
      const started = performance.now();
      const root = findRepoRoot(io.cwd);
      const out = path.resolve(io.cwd, values.out ?? path.join(root, "schemas"));
      let from: string;
      let scratch: string | null = null;
      try {
        let upstream;
        if (values["from-release"]) {
          scratch = mkdtempSync(path.join(tmpdir(), "edp-crds-"));
          from = scratch;
          upstream = await downloadPinnedSources(scratch, PINNED_SOURCES, fetcher);
        } else {
          from = path.resolve(io.cwd, values.from ?? path.join(root, "..", "shared", "crds"));
          upstream = readSourcesMd(from);
        }
        const result = generateSchemas({ from, out, upstream });
        const ms = Math.round(performance.now() - started);
        io.stdout.write(
          `edp schemas: wrote ${result.crdSchemas} CRD and ${result.coreSchemas} core schemas to ${path.relative(io.cwd, out) || "."} in ${ms} ms\n`,
        );
      } finally {
        if (scratch) rmSync(scratch, { recursive: true, force: true });
      }
      return EXIT.ok;
    },
  };
}

export const schemasCommand: Command = createSchemasCommand();
