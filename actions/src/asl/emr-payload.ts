/** An emr-containers:startJobRun task's payload as Step Functions would send it for a sample event. */
import { evaluateExpression, evaluatePayloadTemplate, type EvaluationFailure } from "./payload-template.ts";
import { contextObject } from "./simulate.ts";
import type { AslProblem } from "./types.ts";
import { AslRuntimeError, isRecord, UNKNOWN, type JsonPath } from "./values.ts";

export interface EmrTask {
  name: string;
  path: JsonPath;
  state: Record<string, unknown>;
  /** "Parameters" (JSONPath) or "Arguments" (JSONata). */
  payloadKey: "Parameters" | "Arguments";
}

/** A failure evaluating the payload for the sample event: a warning, since the real event may differ. */
export function runtimeFailure(failure: EvaluationFailure): AslProblem {
  return {
    kind: "emr-task",
    severity: "warning",
    path: failure.path,
    message: `would fail at run time for the sample event: ${failure.message}`,
  };
}

/** The task's Parameters (or static parts of JSONata Arguments) as Step Functions would send them. */
export function resolvePayload(
  task: EmrTask,
  template: unknown,
  input: unknown,
  event: unknown,
  problems: AslProblem[],
): unknown {
  if (template === undefined) return {};
  if (task.payloadKey === "Arguments") return withoutJsonata(template);
  const context = contextObject(event, task.name);
  let effective: unknown = input;
  const inputPath = task.state.InputPath;
  if (inputPath === null) effective = {};
  else if (typeof inputPath === "string") {
    try {
      effective = evaluateExpression(inputPath, { input, context });
    } catch (e) {
      if (!(e instanceof AslRuntimeError)) throw e;
      problems.push(
        runtimeFailure({ path: [...task.path, "InputPath"], message: `${inputPath}: ${e.message}` }),
      );
      effective = UNKNOWN;
    }
  }
  const failures: EvaluationFailure[] = [];
  const resolved = evaluatePayloadTemplate(template, { input: effective, context, failures }, [
    ...task.path,
    task.payloadKey,
  ]);
  problems.push(...failures.map(runtimeFailure));
  return resolved;
}

// JSONata expressions are evaluated at run time only; the literal parts can still be checked.
function withoutJsonata(node: unknown): unknown {
  if (typeof node === "string") return /^\s*\{%/.test(node) ? UNKNOWN : node;
  if (Array.isArray(node)) return node.map(withoutJsonata);
  if (isRecord(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withoutJsonata(v)]));
  return node;
}
