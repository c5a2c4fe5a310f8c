/**
 * Schema checks for `edp validate`: one object in, one result out. The schema is found from
 * the object's apiVersion/kind in the kubeconform layout `edp schemas` writes (layout.ts);
 * each schema file is read and compiled at most once, on first use, then cached, unless the
 * build precompiled it (build/precompile-schemas.ts) and the file still has the bytes it was compiled from.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Ajv, ValidateFunction } from "ajv";
import { ConfigError } from "../errors.ts";
import { createAjv, schemaDraft, type SchemaDraft } from "./ajv-setup.ts";
import { PROVENANCE_FILE, type Provenance } from "./provenance.ts";
import { CONSTRAINTS_DIR, schemaCandidates } from "./layout.ts";
import { toViolations, type SchemaViolation } from "./violations.ts";
import { PRECOMPILED_SCHEMAS } from "../precompiled/validators.ts";
import type { PrecompiledSchemas } from "../precompiled/types.ts";

export type { SchemaViolation } from "./violations.ts";
export type { PrecompiledModule, PrecompiledSchema, PrecompiledSchemas } from "../precompiled/types.ts";

export type SchemaResult =
  | { status: "valid" }
  | { status: "invalid"; violations: SchemaViolation[] }
  /** `tried`: schema files looked for, relative to the schemas folder, in order. */
  | { status: "no-schema"; tried: string[] };

export function sha256Hex(bytes: string | Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export interface SchemaRegistry {
  validate(object: Record<string, unknown>): SchemaResult;
  /**
   * Gets the schema of apiVersion/kind ready before its first validate(): the precompiled
   * validator when it matches the schema file, else compiled now. Errors surface in validate().
   */
  prepare(apiVersion: string, kind: string): Promise<void>;
  /** Kinds with a schema, as "apiVersion/Kind" (e.g. "s3.services.k8s.aws/v1alpha1/Bucket"), sorted. */
  kinds(): string[];
}

/** `precompiled`: validators built ahead of time (build/precompile-schemas.ts); used only where the bytes match. */
export function loadSchemaRegistry(
  schemasDir: string,
  precompiled: PrecompiledSchemas = PRECOMPILED_SCHEMAS,
): SchemaRegistry {
  if (!existsSync(schemasDir) || !statSync(schemasDir).isDirectory()) {
    throw new ConfigError(`schemas folder ${schemasDir} not found; generate it with 'npm run schemas'`);
  }
  const available = new Set(listSchemaFiles(schemasDir));
  const ajvs = new Map<SchemaDraft, Ajv>();
  const compiled = new Map<string, ValidateFunction>();
  const resolved = new Map<string, { file: string } | { tried: string[] }>();

  const compile = (file: string): ValidateFunction => {
    let validate = compiled.get(file);
    if (validate) return validate;
    const full = path.join(schemasDir, file);
    try {
      const schema = JSON.parse(readFileSync(full, "utf8")) as Record<string, unknown>;
      const draft = schemaDraft(schema);
      let ajv = ajvs.get(draft);
      if (!ajv) ajvs.set(draft, (ajv = createAjv(draft)));
      validate = ajv.compile(schema);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(
        `schema ${full} cannot be used (${reason}); regenerate it with 'npm run schemas'`,
        { cause: error },
      );
    }
    compiled.set(file, validate);
    return validate;
  };

  const loadPrecompiled = async (file: string): Promise<void> => {
    const entry = precompiled[file];
    if (!entry || compiled.has(file)) return;
    try {
      if (sha256Hex(readFileSync(path.join(schemasDir, file))) !== entry.sha256) return;
      const { default: validate } = await entry.load();
      if (typeof validate === "function" && !compiled.has(file))
        compiled.set(file, validate as ValidateFunction);
    } catch {
      // compile() below reports a schema that cannot be used
    }
  };

  const resolve = (apiVersion: string, kind: string): { file: string } | { tried: string[] } => {
    const key = `${apiVersion}\n${kind}`;
    let hit = resolved.get(key);
    if (!hit) {
      const candidates = schemaCandidates(apiVersion, kind);
      const file = candidates.find((c) => available.has(c));
      hit = file === undefined ? { tried: candidates } : { file };
      resolved.set(key, hit);
    }
    return hit;
  };

  return {
    validate(object) {
      const { apiVersion, kind } = object;
      if (typeof apiVersion !== "string" || apiVersion === "" || typeof kind !== "string" || kind === "") {
        const missing = typeof apiVersion !== "string" || apiVersion === "" ? "apiVersion" : "kind";
        return {
          status: "invalid",
          violations: [
            {
              path: [missing],
              message: `${missing}: missing; every Kubernetes object needs apiVersion and kind`,
            },
          ],
        };
      }
      const hit = resolve(apiVersion, kind);
      if ("tried" in hit) return { status: "no-schema", tried: [...hit.tried] };
      const validate = compile(hit.file);
      if (validate(object)) return { status: "valid" };
      return { status: "invalid", violations: toViolations(validate.errors ?? [], object) };
    },
    async prepare(apiVersion, kind) {
      const hit = resolve(apiVersion, kind);
      if ("tried" in hit) return;
      await loadPrecompiled(hit.file);
      try {
        compile(hit.file);
      } catch {
        // reported by validate(), with the object that needed the schema
      }
    },
    kinds() {
      return listKinds(schemasDir, available);
    },
  };
}

/** POSIX paths of every *.json below `dir` (one level of group folders, as the layout has). */
export function listSchemaFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== CONSTRAINTS_DIR) {
      for (const inner of readdirSync(path.join(dir, entry.name))) {
        if (inner.endsWith(".json")) files.push(`${entry.name}/${inner}`);
      }
    } else if (entry.isFile() && entry.name.endsWith(".json") && entry.name !== PROVENANCE_FILE) {
      files.push(entry.name);
    }
  }
  return files;
}

/** From PROVENANCE.json when present; otherwise the schema file names are all there is. */
function listKinds(dir: string, available: ReadonlySet<string>): string[] {
  const provenanceFile = path.join(dir, PROVENANCE_FILE);
  const kinds = new Set<string>();
  if (existsSync(provenanceFile)) {
    const provenance = JSON.parse(readFileSync(provenanceFile, "utf8")) as Provenance;
    for (const [file, entry] of Object.entries(provenance.files)) {
      if (available.has(file))
        kinds.add(entry.apiVersion && entry.kind ? `${entry.apiVersion}/${entry.kind}` : file);
    }
  } else {
    for (const file of available) kinds.add(file.replace(/\.json$/, ""));
  }
  return [...kinds].sort();
}
