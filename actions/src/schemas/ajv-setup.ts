/**
 * The one place ajv is configured, for both the validator and the generator's self-check:
 * strict mode stays on (a typo in a schema is an error), the Kubernetes extension keywords
 * and OpenAPI annotations are registered as vocabulary, and every format a CRD may name is
 * known. Draft-04 schemas (yannh/kubernetes-json-schema style) need ajv-draft-04.
 */
import { Ajv, type Options } from "ajv";
import AjvDraft04 from "ajv-draft-04";
import addFormatsPlugin from "ajv-formats";

/** Every `x-kubernetes-*` keyword apiextensions accepts, plus OpenAPI annotations CRDs may carry. */
export const EXTRA_KEYWORDS = [
  "x-kubernetes-embedded-resource",
  "x-kubernetes-group-version-kind",
  "x-kubernetes-int-or-string",
  "x-kubernetes-list-map-keys",
  "x-kubernetes-list-type",
  "x-kubernetes-map-type",
  "x-kubernetes-patch-merge-key",
  "x-kubernetes-patch-strategy",
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-unions",
  "x-kubernetes-validations",
  "example",
  "externalDocs",
] as const;

/**
 * Formats of Kubernetes' OpenAPI validation. Those ajv-formats lacks are accepted as-is, like
 * the API server does for formats it does not check. `duration` is overridden: ajv-formats
 * means ISO 8601 (P1D), Kubernetes means Go-style (1h30m).
 */
const KUBERNETES_FORMATS = [
  "bsonobjectid",
  "byte",
  "cidr",
  "creditcard",
  "date",
  "date-time",
  "datetime",
  "double",
  "email",
  "float",
  "hexcolor",
  "hostname",
  "int32",
  "int64",
  "ipv4",
  "ipv6",
  "isbn",
  "isbn10",
  "isbn13",
  "mac",
  "password",
  "rgbcolor",
  "ssn",
  "uri",
  "uuid",
  "uuid3",
  "uuid4",
  "uuid5",
];

export type SchemaDraft = "draft-04" | "draft-07";

const OPTIONS: Options = {
  allErrors: true,
  strict: true,
  // Kubernetes' own idiom for "one of these fields" is anyOf/oneOf branches holding only
  // `required`, which strictRequired would reject.
  strictRequired: false,
  // ["string", "null"] is how optional fields accept null.
  allowUnionTypes: true,
  // Errors carry their parent schema: unknown-field suggestions need the declared properties.
  verbose: true,
};

// These are CommonJS modules: under NodeNext the default import is `module.exports`, whose
// `default` property holds the class/plugin (set by both packages).
const Draft04 = AjvDraft04.default;
const addFormats = addFormatsPlugin.default;

/** `extra`: added options, e.g. `code.source` for ahead-of-time compilation (build/precompile-schemas.ts). */
export function createAjv(draft: SchemaDraft, extra: Options = {}): Ajv {
  const options = { ...OPTIONS, ...extra };
  const ajv: Ajv = draft === "draft-04" ? new Draft04(options) : new Ajv(options);
  addFormats(ajv);
  for (const name of KUBERNETES_FORMATS) if (!(name in ajv.formats)) ajv.addFormat(name, true);
  ajv.addFormat("duration", true);
  ajv.addVocabulary([...EXTRA_KEYWORDS]);
  return ajv;
}

/** Which ajv flavour a schema needs, from its `$schema` (absent means draft-07, ajv's default). */
export function schemaDraft(schema: Record<string, unknown>): SchemaDraft {
  return typeof schema.$schema === "string" && schema.$schema.includes("draft-04") ? "draft-04" : "draft-07";
}

/**
 * For aws-constraints/ schemas: they hold only constraints (the CRD schema holds the types), so
 * a keyword without its `type` beside it is intended there.
 */
export function createConstraintAjv(extra: Options = {}): Ajv {
  const ajv = createAjv("draft-07", { strictTypes: false, ...extra });
  ajv.addVocabulary(["x-aws-documented", "x-aws-docs"]);
  return ajv;
}
