/**
 * Checks an object against its kind's aws-constraints/ schema (generate.ts): what AWS's API would
 * refuse although the CRD accepts it. Each schema is read and compiled on first use of its kind;
 * kinds without one cost a map lookup.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import { closest, distance } from "fastest-levenshtein";
import { createConstraintAjv } from "../ajv-setup.ts";
import { formatPath, pointerToPath } from "../field-path.ts";
import { crdSchemaFile, splitApiVersion } from "../layout.ts";
import { CONSTRAINTS_DIR, DOCUMENTED_AT, DOCUMENTED_SAYS } from "./generate.ts";

export interface ConstraintViolation {
  path: (string | number)[];
  message: string;
}

export type ConstraintResult =
  | { status: "valid" }
  | { status: "invalid"; violations: ConstraintViolation[] }
  /** No constraints for this kind (not an ACK kind with an AWS model). */
  | { status: "none" };

export interface ConstraintChecker {
  check(object: Record<string, unknown>): ConstraintResult;
}

/** `schemasDir/aws-constraints/`; a missing folder means no constraints (older checkouts). */
export function loadConstraintChecker(schemasDir: string): ConstraintChecker {
  const dir = path.join(schemasDir, CONSTRAINTS_DIR);
  const compiled = new Map<string, ValidateFunction | null>();
  let ajv: ReturnType<typeof createConstraintAjv> | null = null;
  const load = (apiVersion: string, kind: string): ValidateFunction | null => {
    const key = `${apiVersion}/${kind}`;
    if (compiled.has(key)) return compiled.get(key)!;
    const { group, version } = splitApiVersion(apiVersion);
    const file = path.join(dir, crdSchemaFile(group, kind, version));
    let validate: ValidateFunction | null = null;
    if (group !== "" && existsSync(file)) {
      ajv ??= createConstraintAjv();
      validate = ajv.compile(JSON.parse(readFileSync(file, "utf8")) as object);
    }
    compiled.set(key, validate);
    return validate;
  };
  return {
    check(object) {
      const { apiVersion, kind } = object;
      if (typeof apiVersion !== "string" || typeof kind !== "string") return { status: "none" };
      const validate = load(apiVersion, kind);
      if (!validate) return { status: "none" };
      if (validate(object)) return { status: "valid" };
      return { status: "invalid", violations: (validate.errors ?? []).map((e) => describe(e, object)) };
    },
  };
}

function describe(e: ErrorObject, document: unknown): ConstraintViolation {
  const path = pointerToPath(e.instancePath, document);
  const field = formatPath(path);
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  const source = typeof parent.description === "string" ? parent.description : null;
  const says = typeof parent[DOCUMENTED_SAYS] === "string" ? parent[DOCUMENTED_SAYS] : null;
  const docs = typeof parent[DOCUMENTED_AT] === "string" ? parent[DOCUMENTED_AT] : null;
  const value = e.data;
  const shown = typeof value === "string" ? JSON.stringify(truncate(value)) : JSON.stringify(value);
  const params = e.params as Record<string, unknown>;
  let what: string;
  switch (e.keyword) {
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const near = typeof value === "string" ? suggestion(value, allowed) : null;
      what = `${shown} is not a value AWS accepts; one of ${allowed.join(", ")} (case-sensitive)${near ? `; did you mean ${near}?` : ""}`;
      break;
    }
    case "maxLength":
      what = `${[...String(value)].length} characters; AWS accepts at most ${String(params.limit)}`;
      break;
    case "minLength":
      what = `${[...String(value)].length} characters; AWS needs at least ${String(params.limit)}`;
      break;
    case "pattern":
      what = says
        ? `${shown} is not one AWS accepts: ${says}${docs ? ` (${docs})` : ""}`
        : `${shown} has characters or a form AWS refuses (it must match ${stripAnchors(String(params.pattern))})`;
      break;
    case "maximum":
      what = `${shown} is above AWS's maximum of ${String(params.limit)}`;
      break;
    case "minimum":
      what = `${shown} is below AWS's minimum of ${String(params.limit)}`;
      break;
    case "maxItems":
      what = `${(value as unknown[]).length} entries; AWS accepts at most ${String(params.limit)}`;
      break;
    case "minItems":
      what = `${(value as unknown[]).length} entries; AWS needs at least ${String(params.limit)}`;
      break;
    case "maxProperties":
      what = `${Object.keys(value as object).length} entries; AWS accepts at most ${String(params.limit)}`;
      break;
    case "minProperties":
      what = `${Object.keys(value as object).length} entries; AWS needs at least ${String(params.limit)}`;
      break;
    case "propertyNames":
      what = `a key AWS refuses (${e.message ?? "invalid key"})`;
      break;
    default:
      what = e.message ?? e.keyword;
  }
  return { path, message: `${field}: ${what}${source ? ` [${source}]` : ""}` };
}

function suggestion(value: string, allowed: string[]): string | null {
  const upper = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (upper) return upper;
  const near = closest(value, allowed);
  return distance(value, near) <= Math.max(2, Math.floor(near.length / 3)) ? near : null;
}

function stripAnchors(pattern: string): string {
  const m = /^\^\(\?:([\s\S]*)\)\$$/.exec(pattern);
  return m ? m[1]! : pattern;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
