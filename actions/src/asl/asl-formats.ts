/**
 * Every format asl-validator's Ajv knows, as one object: ajv-formats' full set plus the ASL
 * formats (JSONata strings, asl-path-validator's path formats, Task ARNs). The run-time Ajv
 * registers these, and the precompiled validator (build/precompile-asl.ts) refers to this same object,
 * so both check formats with the same functions.
 */
import type { Ajv, Format } from "ajv";
import formatsModule from "ajv-formats/dist/formats.js";
import { registerAll } from "asl-path-validator";
import jsonata from "jsonata";
import { isArnFormatValid } from "asl-validator/dist/src/checks/formats.js";

/**
 * The formats asl-validator adds on top of ajv-formats, in the order it adds them, each
 * remembering its answers: they are pure functions of the string, and a repository's state
 * machines repeat the same paths and expressions (parsing each again cost ~0.8 ms a machine).
 */
export const ASL_EXTRA_FORMATS: Readonly<Record<string, Format>> = (() => {
  const formats: Record<string, (value: string) => boolean> = {
    jsonata_string: isJsonataString,
    maybe_jsonata_string: isMaybeJsonataString,
  };
  // asl-path-validator only calls addFormat (and a logger, which its silent default never uses).
  const collect = {
    addFormat: (name: string, format: (value: string) => boolean) => (formats[name] = format),
  };
  registerAll(collect as unknown as Ajv);
  formats.asl_arn = isArnFormatValid;
  return Object.fromEntries(Object.entries(formats).map(([name, check]) => [name, remembered(check)]));
})();

const MEMO_LIMIT = 10_000;

function remembered(check: (value: string) => boolean): (value: string) => boolean {
  const answers = new Map<string, boolean>();
  return (value) => {
    let answer = answers.get(value);
    if (answer === undefined) {
      answer = check(value);
      if (answers.size >= MEMO_LIMIT) answers.clear();
      answers.set(value, answer);
    }
    return answer;
  };
}

/** ajv-formats' full formats and the ASL ones: what the precompiled code's format references index. */
export const ASL_FORMATS: Readonly<Record<string, Format>> = {
  ...formatsModule.fullFormats,
  ...ASL_EXTRA_FORMATS,
};

// A JSONata string is `{% expr %}`; the format only asks whether jsonata can parse the expression.
function isJsonataString(value: string): boolean {
  let expr = value.trim();
  if (expr.startsWith("{%")) expr = expr.slice(2);
  if (expr.endsWith("%}")) expr = expr.slice(0, -2);
  try {
    jsonata(expr);
    return true;
  } catch {
    return false;
  }
}

function isMaybeJsonataString(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.startsWith("{%") || trimmed.endsWith("%}") ? isJsonataString(trimmed) : true;
}
