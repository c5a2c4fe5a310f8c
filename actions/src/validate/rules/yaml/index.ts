/** yaml/*: files that cannot be read as YAML or JSON. */
import parseError from "./parse-error.ts";

export const yamlRules = [parseError] as const;
