/**
 * `edp schemas` core: CRD folder in, kubeconform-layout schema folder out.
 *   1. read `<from>/<group>/*.yaml` CRDs and `<from>/k8s-core/*.json` (crd-files.ts);
 *   2. make each served CRD version strict (strict-schema.ts), pin core kinds' apiVersion/kind;
 *   3. compile every result with the validator's ajv setup, so a schema that would not load
 *      is never written;
 *   4. write the files plus PROVENANCE.json into place atomically (atomic-dir.ts).
 * Output depends only on the input bytes and GENERATOR_VERSION: no timestamps, sorted keys.
 */
import { createHash } from "node:crypto";
import { ConfigError } from "../errors.ts";
import { createAjv, createConstraintAjv, schemaDraft, type SchemaDraft } from "./ajv-setup.ts";
import { replaceDirAtomically } from "./atomic-dir.ts";
import { coreKindForFile } from "./core-kinds.ts";
import { readGeneratorInput, type GeneratorInput } from "./crd-files.ts";
import { crdSchemaFile } from "./layout.ts";
import { PROVENANCE_FILE, type Provenance, type ProvenanceEntry } from "./provenance.ts";
import type { Upstream } from "./sources-md.ts";
import { stableStringify } from "./stable-json.ts";
import { isRecord, toStrictSchema, type SchemaNode } from "./strict-schema.ts";
import { buildConstraintSchemas, CONSTRAINTS_DIR, type CrdSchemaInput } from "./aws-constraints/generate.ts";
import type { ServiceModel } from "./aws-constraints/model.ts";

/** Bump when a transform changes, so PROVENANCE.json shows which rules produced a file. */
export const GENERATOR_VERSION = "1.0.0";

export interface GenerateOptions {
  from: string;
  out: string;
  /** Upstream origin/version per input file (from SOURCES.md or the pinned release list). */
  upstream: ReadonlyMap<string, Upstream>;
  /** AWS service models by file name (aws-constraints/model.ts); none: no aws-constraints/ folder. */
  awsModels?: ReadonlyMap<string, ServiceModel>;
}

export interface GenerateResult {
  out: string;
  crdSchemas: number;
  coreSchemas: number;
}

export function generateSchemas(options: GenerateOptions): GenerateResult {
  const input = readGeneratorInput(options.from);
  const { files, crdSchemas, coreSchemas } = buildSchemaFiles(input, options.upstream, options.awsModels);
  replaceDirAtomically(options.out, files);
  return { out: options.out, crdSchemas, coreSchemas };
}

/** Pure part of the generator: every output file's path and content, PROVENANCE.json included. */
export function buildSchemaFiles(
  input: GeneratorInput,
  upstream: ReadonlyMap<string, Upstream>,
  awsModels: ReadonlyMap<string, ServiceModel> = new Map(),
): { files: Map<string, string>; crdSchemas: number; coreSchemas: number } {
  const outputs = new Map<string, { schema: SchemaNode; entry: Omit<ProvenanceEntry, "sha256"> }>();
  const add = (file: string, schema: SchemaNode, entry: Omit<ProvenanceEntry, "sha256">): void => {
    const clash = outputs.get(file);
    if (clash) {
      throw new ConfigError(
        `edp schemas: ${entry.source} and ${clash.entry.source} both define ${file}; keep only one of them in the CRD folder`,
      );
    }
    outputs.set(file, { schema, entry });
  };
  const identity = (source: string) => ({
    source,
    sourceSha256: input.files.get(source)!.sha256,
    origin: upstream.get(source)?.origin ?? null,
    version: upstream.get(source)?.version ?? null,
  });

  const objectMeta = findObjectMeta(input);
  const crdInputs: CrdSchemaInput[] = [];
  let crdSchemas = 0;
  for (const crd of input.crds) {
    for (const v of crd.versions) {
      const apiVersion = `${v.group}/${v.version}`;
      const schema = toStrictSchema(v.schema, {
        apiVersion,
        kind: v.kind,
        objectMeta: objectMeta?.schema ?? null,
      });
      crdInputs.push({ file: crdSchemaFile(v.group, v.kind, v.version), ...v, schema });
      add(crdSchemaFile(v.group, v.kind, v.version), schema, {
        apiVersion,
        kind: v.kind,
        ...identity(crd.source),
        ...(objectMeta ? { metadataSource: objectMeta.source } : {}),
      });
      crdSchemas++;
    }
  }
  for (const core of input.core) {
    const gvk = coreKindForFile(core.schema.fileName);
    add(core.schema.fileName, gvk ? pinCoreKind(core.schema.schema, gvk) : core.schema.schema, {
      apiVersion: gvk?.apiVersion ?? null,
      kind: gvk?.kind ?? null,
      ...identity(core.source),
    });
  }

  const files = new Map<string, string>();
  const provenance: Provenance = {
    generator: { name: "edp schemas", version: GENERATOR_VERSION },
    files: {},
  };
  const compilers = new Map<SchemaDraft, ReturnType<typeof createAjv>>();
  for (const file of [...outputs.keys()].sort()) {
    const { schema, entry } = outputs.get(file)!;
    assertCompiles(file, schema, compilers);
    const text = stableStringify(schema);
    files.set(file, text);
    provenance.files[file] = { ...entry, sha256: sha256(text) };
  }
  files.set(PROVENANCE_FILE, stableStringify(provenance));
  if (awsModels.size > 0) {
    const constraints = buildConstraintSchemas(crdInputs, awsModels, provenance.generator);
    const constraintCompilers = new Map([["draft-07" as SchemaDraft, createConstraintAjv()]]);
    for (const [file, schema] of constraints.files) {
      assertCompiles(file, schema, constraintCompilers);
      files.set(file, stableStringify(schema));
    }
    files.set(`${CONSTRAINTS_DIR}/${PROVENANCE_FILE}`, stableStringify(constraints.provenance));
  }
  return { files, crdSchemas, coreSchemas: input.core.length };
}

/** The strict ObjectMeta of the first core schema that has one; CRDs leave `metadata` open. */
function findObjectMeta(input: GeneratorInput): { source: string; schema: SchemaNode } | null {
  const preferred = [...input.core].sort(
    (a, b) =>
      Number(b.schema.fileName === "namespace-v1.json") - Number(a.schema.fileName === "namespace-v1.json"),
  );
  for (const core of preferred) {
    const properties = core.schema.schema.properties;
    const metadata = isRecord(properties) ? properties.metadata : undefined;
    if (isRecord(metadata) && isRecord(metadata.properties)) return { source: core.source, schema: metadata };
  }
  return null;
}

function pinCoreKind(schema: SchemaNode, gvk: { apiVersion: string; kind: string }): SchemaNode {
  const pinned = structuredClone(schema);
  const properties = pinned.properties as SchemaNode;
  properties.apiVersion = { type: "string", enum: [gvk.apiVersion] };
  properties.kind = { type: "string", enum: [gvk.kind] };
  return pinned;
}

function assertCompiles(
  file: string,
  schema: SchemaNode,
  compilers: Map<SchemaDraft, ReturnType<typeof createAjv>>,
): void {
  const draft = schemaDraft(schema);
  let ajv = compilers.get(draft);
  if (!ajv) compilers.set(draft, (ajv = createAjv(draft)));
  try {
    ajv.compile(schema);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `edp schemas: generated ${file} does not compile (${reason}); the input CRD uses a construct edp cannot convert`,
    );
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
