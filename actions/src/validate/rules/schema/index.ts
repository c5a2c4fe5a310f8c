/** schema/*: every rendered object against the JSON Schemas generated from the CRDs. */
import invalid from "./invalid.ts";
import unknownKind from "./unknown-kind.ts";

export const schemaRules = [invalid, unknownKind] as const;
