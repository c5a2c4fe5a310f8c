/** One StateMachine definition: asl-validator's checks (asl/invalid), then its EMR tasks (asl/emr-task). */
import { validateAslDefinition } from "./asl-validator.ts";
import { checkEmrTasks } from "./emr-task.ts";
import { aslErrorPath, isTypeEcho } from "./error-paths.ts";
import { jsonTooDeep } from "../model/json-depth.ts";
import { parseJsonText } from "./json-text.ts";

/** Refused beyond this nesting (see checkStateMachineDefinition). */
export const MAX_DEFINITION_DEPTH = 256;
import type { AslContext, AslProblem } from "./types.ts";
import { isRecord } from "./values.ts";

/** Checks one definition (after variable substitution). Problems carry JSON paths into the document. */
export function checkStateMachineDefinition(definitionText: string, context: AslContext): AslProblem[] {
  // Step Functions definitions are a few dozen levels deep at most; a hostile one is refused
  // before asl-validator and the walkers below recurse into it.
  const deep = jsonTooDeep(definitionText, MAX_DEFINITION_DEPTH);
  if (deep) {
    return [
      {
        kind: "definition",
        message: `the definition nests deeper than ${deep.limit} levels (line ${deep.line}, column ${deep.column}); no state machine needs that: flatten it`,
        path: [],
        severity: "error",
      },
    ];
  }
  const parsed = parseJsonText(definitionText);
  if (!parsed.ok) return [{ kind: "definition", message: parsed.message, path: [], severity: "error" }];
  const definition = parsed.value;

  const problems: AslProblem[] = [];
  const seen = new Set<string>();
  const errors = validateAslDefinition(definition);
  for (const e of errors) {
    if (isTypeEcho(definition, e, errors)) continue;
    const problem: AslProblem = {
      kind: "definition",
      message: `${e["Error code"]}: ${e.Message}`,
      path: aslErrorPath(definition, e),
      severity: "error",
    };
    // asl-validator can repeat a schema error (once per oneOf branch): report it once.
    const id = JSON.stringify([problem.message, problem.path]);
    if (!seen.has(id)) problems.push(problem);
    seen.add(id);
  }
  // The EMR checks read the document defensively, so they also run on a schema-invalid one.
  if (isRecord(definition)) problems.push(...checkEmrTasks(definition, context));
  return problems;
}

/**
 * The definition as a value, for rules that walk it; undefined when it nests too deep or does
 * not parse (asl/invalid reports those). The rules of one run read the same few texts, so the
 * last parse of each is kept.
 */
export function readDefinition(definitionText: string): unknown {
  if (readCache.has(definitionText)) return readCache.get(definitionText);
  let value: unknown = undefined;
  if (!jsonTooDeep(definitionText, MAX_DEFINITION_DEPTH)) {
    const parsed = parseJsonText(definitionText);
    if (parsed.ok) value = parsed.value;
  }
  if (readCache.size >= 64) readCache.clear();
  readCache.set(definitionText, value);
  return value;
}

const readCache = new Map<string, unknown>();
