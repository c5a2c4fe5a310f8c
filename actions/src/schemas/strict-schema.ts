/**
 * Turns a CRD version's `openAPIV3Schema` into a strict JSON Schema, the way kubeconform's
 * `-strict` catalog and flux-schema's extractor do, so a misspelt field is an error instead
 * of being silently pruned by the API server:
 *   - `additionalProperties: false` on every object that declares `properties`, except in
 *     `x-kubernetes-preserve-unknown-fields` subtrees and inside anyOf/oneOf/allOf/not
 *     branches (those only constrain values; the parent declares the structure);
 *   - int-or-string (`x-kubernetes-int-or-string`, legacy `format: int-or-string`) becomes
 *     `type: [string, integer]`;
 *   - null is allowed where the API server would prune it before validating: optional
 *     properties, properties with a default, map values, and OpenAPI `nullable: true`;
 *   - `apiVersion`/`kind` pinned with an exact enum; an open `metadata` optionally replaced
 *     by the strict ObjectMeta schema taken from the core schemas.
 * `x-kubernetes-*` keywords are kept (the validator registers them as vocabulary).
 */

export type SchemaNode = Record<string, unknown>;

export const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

const JUNCTORS = ["allOf", "anyOf", "oneOf"] as const;

export interface StrictSchemaOptions {
  apiVersion: string;
  kind: string;
  /** Strict ObjectMeta schema used when the CRD leaves `metadata` open (the usual case). */
  objectMeta?: SchemaNode | null;
}

export function toStrictSchema(openApiSchema: SchemaNode, options: StrictSchemaOptions): SchemaNode {
  const root = structuredClone(openApiSchema);
  convertNode(root, { open: false, inJunctor: false });

  const properties = isRecord(root.properties) ? root.properties : {};
  properties.apiVersion = pinned(properties.apiVersion, options.apiVersion);
  properties.kind = pinned(properties.kind, options.kind);
  const metadata = properties.metadata;
  if (options.objectMeta && !(isRecord(metadata) && isRecord(metadata.properties))) {
    properties.metadata = structuredClone(options.objectMeta);
  } else if (metadata === undefined) {
    properties.metadata = { type: ["object", "null"] };
  }
  root.properties = properties;
  root.type = "object";
  root.required = [...new Set(["apiVersion", "kind", ...strings(root.required)])];
  if (root["x-kubernetes-preserve-unknown-fields"] !== true) root.additionalProperties = false;
  return { $schema: DRAFT_07, ...root };
}

function pinned(existing: unknown, value: string): SchemaNode {
  const description =
    isRecord(existing) && typeof existing.description === "string" ? existing.description : undefined;
  return { ...(description === undefined ? {} : { description }), type: "string", enum: [value] };
}

interface Context {
  /** Inside an x-kubernetes-preserve-unknown-fields subtree: never close objects. */
  open: boolean;
  /** Inside a logical branch: the branch checks values, it does not declare structure. */
  inJunctor: boolean;
}

function convertNode(node: SchemaNode, context: Context): void {
  const ctx = { ...context, open: context.open || node["x-kubernetes-preserve-unknown-fields"] === true };
  convertIntOrString(node);
  convertExclusiveBounds(node);
  if (node.nullable !== undefined) {
    const nullable = node.nullable === true;
    delete node.nullable;
    if (nullable) allowNull(node);
  }
  if (node["x-kubernetes-embedded-resource"] === true && isRecord(node.properties)) {
    // An embedded object always carries its own identity; the CRD need not declare it.
    node.properties.apiVersion ??= { type: "string" };
    node.properties.kind ??= { type: "string" };
    node.properties.metadata ??= { type: "object" };
  }

  if (isRecord(node.properties)) {
    const required = new Set(strings(node.required));
    for (const [name, child] of Object.entries(node.properties)) {
      if (!isRecord(child)) continue;
      convertNode(child, ctx);
      if (!ctx.inJunctor && (!required.has(name) || child.default !== undefined)) allowNull(child);
    }
    if (!ctx.open && !ctx.inJunctor && node.additionalProperties === undefined)
      node.additionalProperties = false;
  }
  if (isRecord(node.additionalProperties)) {
    convertNode(node.additionalProperties, ctx);
    if (!ctx.inJunctor) allowNull(node.additionalProperties);
  }
  if (isRecord(node.items)) convertNode(node.items, ctx);
  if (Array.isArray(node.items)) for (const item of node.items) if (isRecord(item)) convertNode(item, ctx);
  for (const junctor of JUNCTORS) {
    const branches = node[junctor];
    if (Array.isArray(branches))
      for (const b of branches) if (isRecord(b)) convertNode(b, { ...ctx, inJunctor: true });
  }
  if (isRecord(node.not)) convertNode(node.not, { ...ctx, inJunctor: true });
}

function convertIntOrString(node: SchemaNode): void {
  const legacy = node.format === "int-or-string";
  if (node["x-kubernetes-int-or-string"] !== true && !legacy) return;
  if (legacy) delete node.format;
  for (const junctor of ["anyOf", "oneOf"] as const) {
    if (isPlainIntOrString(node[junctor])) delete node[junctor];
  }
  // Branches with extra constraints (a pattern on the string, say) stay as they are.
  if (node.anyOf === undefined && node.oneOf === undefined) node.type = ["string", "integer"];
}

/** `[{type: integer}, {type: string}]` in either order, nothing else in the branches. */
function isPlainIntOrString(branches: unknown): boolean {
  if (!Array.isArray(branches) || branches.length !== 2) return false;
  const types = branches.map((b) => (isRecord(b) && Object.keys(b).length === 1 ? b.type : undefined));
  return types.includes("integer") && types.includes("string");
}

/** OpenAPI 3.0 / draft-04 boolean exclusive bounds become draft-07 numbers. */
function convertExclusiveBounds(node: SchemaNode): void {
  for (const [flag, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (typeof node[flag] !== "boolean") continue;
    if (node[flag] === true && typeof node[bound] === "number") {
      node[flag] = node[bound];
      delete node[bound];
    } else {
      delete node[flag];
    }
  }
}

/** Makes `node` accept null in addition to what it accepted before. */
export function allowNull(node: SchemaNode): void {
  if (typeof node.type === "string" && node.type !== "null") node.type = [node.type, "null"];
  else if (Array.isArray(node.type) && !node.type.includes("null")) node.type = [...node.type, "null"];
  if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
  const junctors: SchemaNode = {};
  for (const key of [...JUNCTORS, "not"] as const) {
    if (node[key] === undefined) continue;
    junctors[key] = node[key];
    delete node[key];
  }
  // Logical branches would still reject null; let null bypass them.
  if (Object.keys(junctors).length > 0) node.anyOf = [{ type: "null" }, junctors];
}

export function isRecord(value: unknown): value is SchemaNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
