/**
 * Turns ajv's raw errors into messages a user can act on. Each names the field by its
 * dotted path, says what was expected and what was found, and where it helps suggests a fix
 * (the nearest valid field name, the allowed values). anyOf/oneOf failures are collapsed into
 * one message: the branch that got furthest into the value speaks, or a summary of the types
 * the branches accept.
 */
import type { ErrorObject } from "ajv";
import { closest, distance } from "fastest-levenshtein";
import { formatPath, pointerToPath } from "./field-path.ts";

const JUNCTOR_KEYWORDS = new Set(["anyOf", "oneOf"]);
const MAX_LISTED = 15;

export interface SchemaViolation {
  /** Where in the object; for an unknown field, the unknown key itself (so it maps to its YAML line). */
  path: (string | number)[];
  /** Names the field by its dotted path, what was expected and what was found. */
  message: string;
  /** A likely fix, when there is one. */
  hint?: string;
}

export function toViolations(errors: readonly ErrorObject[], document: unknown): SchemaViolation[] {
  const described = collapse(errors, document).map((e) => ("keyword" in e ? describe(e, document) : e));
  const seen = new Set<string>();
  return described.filter((v) => {
    const key = `${JSON.stringify(v.path)}\n${v.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Replaces each outermost anyOf/oneOf failure (and everything under it) by its best explanation. */
function collapse(errors: readonly ErrorObject[], document: unknown): (ErrorObject | SchemaViolation)[] {
  const junctors = errors.filter((e) => JUNCTOR_KEYWORDS.has(e.keyword));
  const outer = junctors.filter((j) => !junctors.some((o) => o !== j && isUnder(j, o)));
  const result: (ErrorObject | SchemaViolation)[] = dropShadowed(
    errors.filter((e) => !outer.some((o) => e === o || isUnder(e, o))),
  );
  for (const junctor of outer) {
    result.push(
      ...explainJunctor(
        junctor,
        errors.filter((e) => isUnder(e, junctor)),
        document,
      ),
    );
  }
  return result;
}

/** Raised by one of `junctor`'s branches for the same value (array items share a schema path). */
function isUnder(error: ErrorObject, junctor: ErrorObject): boolean {
  return (
    error !== junctor &&
    error.schemaPath.startsWith(`${junctor.schemaPath}/`) &&
    (error.instancePath === junctor.instancePath || error.instancePath.startsWith(`${junctor.instancePath}/`))
  );
}

/** A wrong type explains everything else wrong with the same value (enum, format, pattern…). */
function dropShadowed(errors: ErrorObject[]): ErrorObject[] {
  const typed = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
  return errors.filter((e) => e.keyword === "type" || !typed.has(e.instancePath));
}

function explainJunctor(
  junctor: ErrorObject,
  children: ErrorObject[],
  document: unknown,
): (ErrorObject | SchemaViolation)[] {
  const path = pointerToPath(junctor.instancePath, document);
  const where = prefix(formatPath(path));
  if (junctor.keyword === "oneOf" && Array.isArray(junctor.params.passingSchemas)) {
    return [
      { path, message: `${where}matches more than one of the allowed forms; make it match exactly one` },
    ];
  }
  const branches = new Map<string, ErrorObject[]>();
  for (const child of children) {
    const branch = child.schemaPath.slice(junctor.schemaPath.length + 1).split("/")[0]!;
    branches.set(branch, [...(branches.get(branch) ?? []), child]);
  }
  // Branches that accept the value's type failed on something more specific: they speak.
  const fitting = [...branches.values()].filter(
    (errs) => !ownErrors(errs).some((e) => e.keyword === "type" && e.instancePath === junctor.instancePath),
  );
  if (fitting.length > 0) {
    const missing = fitting.map((errs) =>
      errs.length === 1 && errs[0]!.keyword === "required" ? errs[0]! : null,
    );
    if (fitting.length > 1 && missing.every((e) => e !== null && e.instancePath === junctor.instancePath)) {
      const names = [...new Set(missing.map((e) => `'${String(e!.params.missingProperty)}'`))];
      return [{ path, message: `${where}missing required field: one of ${names.join(", ")}` }];
    }
    return collapse(
      fitting.reduce((best, errs) => (errs.length < best.length ? errs : best)),
      document,
    );
  }
  const types = [
    ...new Set(children.filter((e) => e.keyword === "type").flatMap((e) => typeList(e.params.type))),
  ];
  const got = junctor.data === undefined ? "" : `, got ${describeType(junctor.data)}`;
  const expected =
    types.length > 0 ? `expected ${types.join(" or ")}` : "does not match any of the allowed forms";
  return [{ path, message: `${where}${expected}${got}` }];
}

/** A branch's errors minus those inside its own nested anyOf/oneOf (they speak for themselves). */
function ownErrors(errors: ErrorObject[]): ErrorObject[] {
  const nested = errors.filter((e) => JUNCTOR_KEYWORDS.has(e.keyword));
  return errors.filter((e) => !nested.some((j) => isUnder(e, j)));
}

function describe(e: ErrorObject, document: unknown): SchemaViolation {
  const path = pointerToPath(e.instancePath, document);
  const where = prefix(formatPath(path));
  switch (e.keyword) {
    case "additionalProperties":
      return unknownField(path, String(e.params.additionalProperty), e.parentSchema);
    case "required":
      return { path, message: `${where}missing required field '${String(e.params.missingProperty)}'` };
    case "type": {
      const expected = typeList(e.params.type).join(" or ");
      if (e.data === null) return { path, message: `${where}has no value; expected ${expected}` };
      return {
        path,
        message: `${where}expected ${expected}, got ${describeType(e.data)}`,
        ...typeHint(expected, e.data),
      };
    }
    case "enum":
    case "const": {
      const allowed = (
        e.keyword === "enum" ? (e.params.allowedValues as unknown[]) : [e.params.allowedValue]
      ).filter((v) => v !== null);
      const suggestion = typeof e.data === "string" ? nearest(e.data, allowed.map(String)) : null;
      return {
        path,
        message: `${where}must be ${allowed.length === 1 ? "" : "one of "}${list(allowed)}; got ${show(e.data)}`,
        ...(suggestion ? { hint: `did you mean '${suggestion}'?` } : {}),
      };
    }
    case "pattern":
      return {
        path,
        message: `${where}${show(e.data)} does not match the pattern ${String(e.params.pattern)}`,
      };
    case "format":
      return {
        path,
        message: `${where}${show(e.data)} is not a valid ${String(e.params.format)}`,
        ...(e.params.format === "date-time" ? { hint: "use RFC 3339, e.g. 2024-01-31T12:00:00Z" } : {}),
      };
    default:
      return { path, message: `${where}${e.message ?? `fails ${e.keyword}`}` };
  }
}

function unknownField(
  parentPath: (string | number)[],
  field: string,
  parentSchema: unknown,
): SchemaViolation {
  const path = [...parentPath, field];
  const properties = (parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  const allowed = Object.keys(properties);
  const suggestion = nearest(field, allowed);
  const where = parentPath.length === 0 ? "" : ` in ${formatPath(parentPath)}`;
  const listed =
    allowed.length > MAX_LISTED ? `${allowed.slice(0, MAX_LISTED).join(", ")}, …` : allowed.join(", ");
  return {
    path,
    message: `unknown field '${field}'${where}` + (suggestion ? `; did you mean '${suggestion}'?` : ""),
    ...(allowed.length > 0 ? { hint: `fields allowed here: ${listed}` } : {}),
  };
}

/** The closest candidate if it is plausibly a typo: same letters ignoring case, or a few edits away. */
export function nearest(value: string, candidates: readonly string[]): string | null {
  if (candidates.length === 0) return null;
  const lower = value.toLowerCase();
  const sameLetters = candidates.find((c) => c.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  const best = closest(value, candidates);
  // A swap of two letters ("nmae") costs 2 edits; allow that from 4 letters on.
  const allowed = value.length <= 3 ? 1 : value.length <= 6 ? 2 : 3;
  return distance(lower, best.toLowerCase()) <= allowed ? best : null;
}

function typeHint(expected: string, data: unknown): { hint?: string } {
  if (expected.startsWith("string") && (typeof data === "number" || typeof data === "boolean")) {
    return { hint: `quote the value: "${String(data)}"` };
  }
  if (typeof data === "string" && /^(integer|number|boolean)/.test(expected)) {
    return { hint: "remove the quotes around the value" };
  }
  return {};
}

function typeList(type: unknown): string[] {
  const types = Array.isArray(type) ? type : String(type).split(",");
  return types.map(String).filter((t) => t !== "null");
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? `integer ${value}` : `number ${value}`;
  if (typeof value === "string") return `string ${show(value)}`;
  if (typeof value === "boolean") return `boolean ${value}`;
  return typeof value;
}

function list(values: unknown[]): string {
  const shown = values.slice(0, MAX_LISTED).map(show).join(", ");
  return values.length > MAX_LISTED ? `${shown}, …` : shown;
}

function show(value: unknown): string {
  const text = typeof value === "string" ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function prefix(dotted: string): string {
  return dotted === "" ? "" : `${dotted}: `;
}
