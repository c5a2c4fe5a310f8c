/** vars/*: every ${VARIABLE} declared once in clusters/variables.yaml; git-provided values have the declared shape. */
import declarationInvalid from "./declaration-invalid.ts";
import undeclared from "./undeclared.ts";
import unused from "./unused.ts";
import valueShape from "./value-shape.ts";

export const varsRules = [declarationInvalid, undeclared, unused, valueShape] as const;
