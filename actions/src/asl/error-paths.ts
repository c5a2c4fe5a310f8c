/**
 * Where in the definition an asl-validator error is. Schema errors carry a JSON pointer;
 * the semantic checks only name a state or a transition target in their message, so the
 * location is recovered from the document.
 */
import { getStatesContainer } from "asl-validator/dist/src/checks/get-states.js";
import type { AslValidatorError } from "./asl-validator.ts";
import { existingPrefix, pointerToPath, statePath, walk } from "./json-walk.ts";
import { isRecord, type JsonPath } from "./values.ts";

export function aslErrorPath(definition: unknown, error: AslValidatorError): JsonPath {
  if (error.schemaError) return schemaErrorPath(definition, error.schemaError.instancePath);
  const message = error.Message;
  let m: RegExpExecArray | null;
  if ((m = /^State (.*) is not reachable$/s.exec(message))) return statePath(definition, m[1] ?? "") ?? [];
  if ((m = /^Missing 'StartAt'\|'Next'\|'Default' target: (.*)$/s.exec(message))) {
    return transitionPath(definition, m[1] ?? "", ["StartAt", "Next", "Default"], null);
  }
  if ((m = /^Parallel branch state cannot transition to target: (.*)$/s.exec(message))) {
    return transitionPath(definition, m[1] ?? "", ["Next", "Default"], "Branches");
  }
  if ((m = /^Map branch state cannot transition to target: (.*)$/s.exec(message))) {
    return transitionPath(definition, m[1] ?? "", ["Next", "Default"], "Iterator");
  }
  if ((m = /^A state with this name already exists: (.*)$/s.exec(message)))
    return statePath(definition, m[1] ?? "", 1) ?? [];
  if ((m = /^State machine fsm(\d+) is missing a terminal state$/.exec(message)))
    return nestedMachinePath(definition, Number(m[1]));
  if ((m = /suffix from: (.*)\.\$$/s.exec(message))) return duplicateFieldPath(definition, m[1] ?? "");
  if ((m = /^State "(.*)" MUST contain /s.exec(message))) return statePath(definition, m[1] ?? "") ?? [];
  return [];
}

function schemaErrorPath(definition: unknown, pointer: string): JsonPath {
  const path = pointerToPath(definition, pointer);
  const existing = existingPrefix(definition, path);
  // A state's QueryLanguage that asl-validator copied from the machine's: the machine's is wrong.
  if (
    existing.length < path.length &&
    path[path.length - 1] === "QueryLanguage" &&
    isRecord(definition) &&
    "QueryLanguage" in definition
  ) {
    return ["QueryLanguage"];
  }
  return existing;
}

function transitionPath(
  definition: unknown,
  target: string,
  fields: string[],
  inside: string | null,
): JsonPath {
  for (const visit of walk(definition)) {
    if (typeof visit.key !== "string" || !fields.includes(visit.key) || visit.value !== target) continue;
    if (inside === null || visit.path.includes(inside)) return visit.path;
  }
  return [];
}

// asl-validator numbers nested machines in the order its JSONPath query finds them: ask it.
function nestedMachinePath(definition: unknown, n: number): JsonPath {
  const container = getStatesContainer(definition)[n - 1];
  for (const visit of walk(definition)) if (visit.value === container) return visit.path;
  return [];
}

// The message names the later of two fields that collide once `.$` is stripped.
function duplicateFieldPath(definition: unknown, key: string): JsonPath {
  const stripped = key.endsWith(".$") ? key.slice(0, -2) : key;
  for (const visit of walk(definition)) {
    const value = visit.value;
    if (typeof value !== "object" || value === null || Array.isArray(value)) continue;
    if (Object.hasOwn(value, stripped) && Object.hasOwn(value, `${stripped}.$`)) return [...visit.path, key];
  }
  return [];
}

const STATE_TYPES = new Set(["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"]);

/**
 * asl-validator's schemas try every state type (oneOf), so a bad field in a Pass state also
 * yields "/States/A/Type ... must be equal to one of the allowed values" although `Type` is fine.
 * True when `error` is that echo and some other error explains the problem.
 */
export function isTypeEcho(definition: unknown, error: AslValidatorError, all: AslValidatorError[]): boolean {
  const pointer = error.schemaError?.instancePath;
  if (!pointer?.endsWith("/Type") || !error.Message.endsWith("must be equal to one of the allowed values"))
    return false;
  let node = definition;
  for (const segment of pointerToPath(definition, pointer)) {
    node =
      isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[segment] : undefined;
  }
  return typeof node === "string" && STATE_TYPES.has(node) && all.some((other) => other !== error);
}
