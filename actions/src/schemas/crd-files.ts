/**
 * Reads the generator's input folder: `<from>/<api-group>/*.yaml` CRDs and the already-strict
 * core schemas in `<from>/k8s-core/*.json`. `_`-prefixed and hidden folders are skipped, and so
 * are YAML documents that are not CustomResourceDefinitions. Every problem is a ConfigError
 * (exit 2) naming the file, the line when there is one, and what to do.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { ConfigError } from "../errors.ts";
import { isRecord, type SchemaNode } from "./strict-schema.ts";

export const CORE_DIR = "k8s-core";

export interface SourceFile {
  /** POSIX path relative to the `--from` folder. */
  rel: string;
  text: string;
  /** Of the file's bytes, for provenance. */
  sha256: string;
}

export interface CrdVersion {
  group: string;
  kind: string;
  version: string;
  schema: SchemaNode;
}

export interface CoreSchema {
  fileName: string;
  schema: SchemaNode;
}

export interface GeneratorInput {
  /** Every file read, for provenance hashes. */
  files: Map<string, SourceFile>;
  crds: { source: string; versions: CrdVersion[] }[];
  core: { source: string; schema: CoreSchema }[];
}

export function readGeneratorInput(fromDir: string): GeneratorInput {
  if (!existsSync(fromDir) || !statSync(fromDir).isDirectory()) {
    throw new ConfigError(
      `edp schemas: CRD folder ${fromDir} does not exist; pass --from DIR (a folder of <api-group>/*.yaml CRDs and k8s-core/*.json) or use --from-release`,
    );
  }
  const input: GeneratorInput = { files: new Map(), crds: [], core: [] };
  for (const dir of listDirs(fromDir)) {
    for (const name of listFiles(path.join(fromDir, dir))) {
      const rel = `${dir}/${name}`;
      if (dir === CORE_DIR) {
        if (!name.endsWith(".json")) continue;
        const file = readSource(fromDir, rel);
        input.files.set(rel, file);
        input.core.push({ source: rel, schema: { fileName: name, schema: parseCoreSchema(file) } });
      } else if (/\.ya?ml$/.test(name)) {
        const file = readSource(fromDir, rel);
        const versions = parseCrdFile(file);
        if (versions.length === 0) continue; // not a CRD: kustomization.yaml, examples…
        input.files.set(rel, file);
        input.crds.push({ source: rel, versions });
      }
    }
  }
  return input;
}

function listDirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("_") && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

function readSource(fromDir: string, rel: string): SourceFile {
  const bytes = readFileSync(path.join(fromDir, rel));
  return { rel, text: bytes.toString("utf8"), sha256: createHash("sha256").update(bytes).digest("hex") };
}

function parseCoreSchema(file: SourceFile): SchemaNode {
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`edp schemas: ${file.rel}: invalid JSON (${reason}); fix or remove the file`);
  }
  if (!isRecord(parsed) || !isRecord(parsed.properties)) {
    throw new ConfigError(
      `edp schemas: ${file.rel}: not a JSON Schema of an object (no top-level properties); fix or remove the file`,
    );
  }
  return parsed;
}

/** All served versions of all CRDs in one YAML file; [] when the file holds no CRD. */
export function parseCrdFile(file: SourceFile): CrdVersion[] {
  const lines = new YAML.LineCounter();
  const docs = YAML.parseAllDocuments(file.text, { lineCounter: lines });
  const versions: CrdVersion[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const at = error.linePos?.[0];
      const where = at ? `${file.rel}:${at.line}:${at.col}` : file.rel;
      const reason = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      throw new ConfigError(
        `edp schemas: ${where}: invalid YAML (${reason}); fix the file or remove it from the CRD folder`,
      );
    }
    let crd: unknown;
    try {
      crd = doc.toJS();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(
        `edp schemas: ${file.rel}: cannot read YAML (${reason}); fix the file or remove it from the CRD folder`,
      );
    }
    if (!isRecord(crd) || crd.kind !== "CustomResourceDefinition") continue;
    const lineOf = (keys: (string | number)[]): number => {
      const node: unknown = doc.getIn(keys, true);
      const offset = YAML.isNode(node) && node.range ? node.range[0] : 0;
      return lines.linePos(offset).line;
    };
    versions.push(...crdVersions(crd, file.rel, lineOf));
  }
  return versions;
}

function crdVersions(
  crd: SchemaNode,
  rel: string,
  lineOf: (keys: (string | number)[]) => number,
): CrdVersion[] {
  const spec = isRecord(crd.spec) ? crd.spec : {};
  const names = isRecord(spec.names) ? spec.names : {};
  const name =
    isRecord(crd.metadata) && typeof crd.metadata.name === "string" ? crd.metadata.name : "(unnamed)";
  if (typeof spec.group !== "string" || typeof names.kind !== "string" || !Array.isArray(spec.versions)) {
    throw new ConfigError(
      `edp schemas: ${rel}:${lineOf(["spec"])}: CustomResourceDefinition ${name} lacks spec.group, spec.names.kind or spec.versions; fix the file or remove it from the CRD folder`,
    );
  }
  const [group, kind, entries] = [spec.group, names.kind, spec.versions as unknown[]];
  // apiextensions.k8s.io/v1beta1 CRDs may declare one schema for all versions.
  const shared = isRecord(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
  const result: CrdVersion[] = [];
  entries.forEach((entry, index) => {
    if (!isRecord(entry) || entry.served === false) return;
    const version = typeof entry.name === "string" ? entry.name : `#${index}`;
    const schema = (isRecord(entry.schema) ? entry.schema.openAPIV3Schema : undefined) ?? shared;
    if (!isRecord(schema)) {
      throw new ConfigError(
        `edp schemas: ${rel}:${lineOf(["spec", "versions", index])}: CustomResourceDefinition ${name} version ${version} has no openAPIV3Schema; use a CRD with a structural schema (as 'controller-gen' writes) or remove the file from the CRD folder`,
      );
    }
    result.push({ group, kind, version, schema });
  });
  return result;
}
