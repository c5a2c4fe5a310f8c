/**
 * AWS's own service models (the botocore `service-2.json` files in ../shared/aws-models): the
 * shapes and the constraints on every member (`enum`, `min`/`max`, `pattern`). Only what the
 * constraint generator reads is typed here; the files are read once per generator run.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../../errors.ts";

export interface ModelMember {
  shape: string;
  /** S3 marks members sent as HTTP headers or the URI; ACK keeps their names. */
  location?: string;
}

export interface ModelShape {
  type: string;
  members?: Record<string, ModelMember>;
  member?: ModelMember;
  key?: ModelMember;
  value?: ModelMember;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
}

export interface ServiceModel {
  /** File name in the models folder, e.g. `events.json`. */
  file: string;
  sha256: string;
  /** e.g. "Amazon EventBridge" */
  service: string;
  apiVersion: string;
  /** As the folder's SOURCES.md states it, e.g. "botocore 1.43.11"; null when it does not. */
  release: string | null;
  shapes: Record<string, ModelShape>;
  operations: Record<string, { input?: { shape: string } }>;
}

export function readServiceModel(dir: string, file: string): ServiceModel {
  const full = path.join(dir, file);
  if (!existsSync(full)) {
    throw new ConfigError(
      `edp schemas: AWS model ${full} not found; pass --aws-models DIR with the botocore service-2.json files (see ../shared/aws-models/SOURCES.md)`,
    );
  }
  const text = readFileSync(full, "utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`edp schemas: ${full} is not JSON (${(error as Error).message})`);
  }
  const model = parsed as {
    metadata?: { serviceFullName?: string; apiVersion?: string };
    shapes?: Record<string, ModelShape>;
    operations?: Record<string, { input?: { shape: string } }>;
  };
  if (!model.shapes || !model.operations || !model.metadata?.apiVersion) {
    throw new ConfigError(
      `edp schemas: ${full} is not a botocore service model (no metadata, shapes or operations)`,
    );
  }
  return {
    file,
    sha256: createHash("sha256").update(text).digest("hex"),
    service: model.metadata.serviceFullName ?? file,
    apiVersion: model.metadata.apiVersion,
    release: readRelease(dir, file),
    shapes: model.shapes,
    operations: model.operations,
  };
}

/** The "from" column of SOURCES.md's table for this file, up to the first comma ("botocore 1.43.11"). */
function readRelease(dir: string, file: string): string | null {
  const sources = path.join(dir, "SOURCES.md");
  if (!existsSync(sources)) return null;
  for (const line of readFileSync(sources, "utf8").split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells[1] !== file) continue;
    const from = cells[4];
    return from ? (from.split(",")[0] ?? "").trim() || null : null;
  }
  return null;
}

/** Every model the ACK mappings name, read from `dir`. */
export function readServiceModels(dir: string, files: Iterable<string>): Map<string, ServiceModel> {
  const models = new Map<string, ServiceModel>();
  for (const file of files) if (!models.has(file)) models.set(file, readServiceModel(dir, file));
  return models;
}
