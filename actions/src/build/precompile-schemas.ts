/**
 * Ahead-of-time compiled schema validators. Compiling the schemas an `edp validate` run needs
 * costs about half a second of CPU, every run, while kustomize wants the same cores; so the build
 * compiles every schema in schemas/ into an ES module (write-precompiled.ts) and bundles them.
 * At run time validator.ts uses a module only while the schema file has the exact bytes it was
 * compiled from (SHA-256), and compiles as before otherwise: a schema folder regenerated after
 * the build is never checked against stale code.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Ajv } from "ajv";
import { createAjv, schemaDraft, type SchemaDraft } from "../schemas/ajv-setup.ts";
import { listSchemaFiles, sha256Hex } from "../schemas/validator.ts";
import { standaloneModule } from "./standalone.ts";

export interface GeneratedSchemaModule {
  /** The schema file, relative to the schemas folder. */
  file: string;
  sha256: string;
  /** File name for the module (flat: one folder holds them all). */
  module: string;
  /** ES module source; its default export is the validate function. */
  code: string;
}

/** One ES module per schema in `schemasDir`, compiled with exactly the validator's ajv options. */
export function precompileSchemas(schemasDir: string): GeneratedSchemaModule[] {
  const ajvs = new Map<SchemaDraft, Ajv>();
  return listSchemaFiles(schemasDir)
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(schemasDir, file), "utf8");
      const schema = JSON.parse(text) as Record<string, unknown>;
      const draft = schemaDraft(schema);
      let ajv = ajvs.get(draft);
      if (!ajv) ajvs.set(draft, (ajv = createAjv(draft, { code: { source: true, esm: true } })));
      return {
        file,
        sha256: sha256Hex(text),
        module: `${file.replace(/\.json$/, "").replace(/[^\w.-]/g, "__")}.mjs`,
        code: standaloneModule(ajv, ajv.compile(schema), `schemas/${file}`),
      };
    });
}
