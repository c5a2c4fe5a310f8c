/**
 * Dry-runs a state machine far enough to know what each state receives: starting from an
 * execution input it follows Next/Choices/Default/Catch from StartAt, evaluates Pass states
 * (InputPath, Parameters, Result, ResultPath, OutputPath) and stands UNKNOWN in for whatever a
 * Task, Map or Parallel would produce. Each state keeps the first input that reaches it.
 */
import { evaluateExpression, evaluatePayloadTemplate, type EvaluationFailure } from "./payload-template.ts";
import { parseReferencePath, writePath } from "./reference-path.ts";
import { AslRuntimeError, isRecord, UNKNOWN, type JsonPath } from "./values.ts";

export interface Simulation {
  /** Raw input of each reached state, by state name (names are unique across a definition). */
  inputs: Map<string, unknown>;
  failures: EvaluationFailure[];
}

/** The `$$` context object: the execution input is real, the rest fixed placeholders. */
export function contextObject(executionInput: unknown, stateName: string): Record<string, unknown> {
  return {
    Execution: {
      Id: "arn:aws:states:us-east-1:123456789012:execution:edp-sample:edp-sample-execution",
      Input: executionInput,
      Name: "edp-sample-execution",
      RoleArn: "arn:aws:iam::123456789012:role/edp-sample",
      StartTime: "2024-01-01T00:00:00.000Z",
      RedriveCount: 0,
    },
    State: { EnteredTime: "2024-01-01T00:00:00.000Z", Name: stateName, RetryCount: 0 },
    StateMachine: { Id: "arn:aws:states:us-east-1:123456789012:stateMachine:edp-sample", Name: "edp-sample" },
    Task: { Token: "edp-sample-task-token" },
  };
}

export function simulate(definition: Record<string, unknown>, executionInput: unknown): Simulation {
  const run: Run = {
    simulation: { inputs: new Map(), failures: [] },
    executionInput,
    language: definition.QueryLanguage === "JSONata" ? "JSONata" : "JSONPath",
  };
  walkMachine(run, definition, [], executionInput);
  return run.simulation;
}

interface Run {
  simulation: Simulation;
  executionInput: unknown;
  language: "JSONPath" | "JSONata";
}

function walkMachine(run: Run, machine: Record<string, unknown>, at: JsonPath, input: unknown): void {
  const states = machine.States;
  if (!isRecord(states) || typeof machine.StartAt !== "string") return;
  const queue: [string, unknown][] = [[machine.StartAt, input]];
  const seen = new Set<string>();
  for (let item = queue.shift(); item; item = queue.shift()) {
    const [name, stateInput] = item;
    const state = states[name];
    if (seen.has(name) || !isRecord(state)) continue;
    seen.add(name);
    if (!run.simulation.inputs.has(name)) run.simulation.inputs.set(name, stateInput);
    for (const next of stepState(run, state, [...at, "States", name], name, stateInput)) queue.push(next);
  }
}

/** Runs one state; returns the states it can transition to, with the input each receives. */
function stepState(
  run: Run,
  state: Record<string, unknown>,
  at: JsonPath,
  name: string,
  input: unknown,
): [string, unknown][] {
  const language = state.QueryLanguage ?? run.language;
  const jsonPath = language === "JSONPath";
  const scope = {
    input: UNKNOWN as unknown,
    context: contextObject(run.executionInput, name),
    failures: run.simulation.failures,
  };
  scope.input = jsonPath
    ? applyPath(run, input, state.InputPath, [...at, "InputPath"], scope.context)
    : UNKNOWN;
  let output: unknown = UNKNOWN;

  switch (state.Type) {
    case "Pass": {
      if (!jsonPath) break;
      const parameters =
        "Parameters" in state
          ? evaluatePayloadTemplate(state.Parameters, scope, [...at, "Parameters"])
          : scope.input;
      const result = "Result" in state ? state.Result : parameters;
      output = applyResultPath(run, input, result, state.ResultPath, [...at, "ResultPath"]);
      output = applyPath(run, output, state.OutputPath, [...at, "OutputPath"], scope.context);
      break;
    }
    case "Choice":
    case "Wait":
      if (jsonPath)
        output = applyPath(run, scope.input, state.OutputPath, [...at, "OutputPath"], scope.context);
      break;
    case "Parallel":
    case "Map":
    case "Task":
      walkNested(run, state, at, jsonPath, scope);
      if (jsonPath) {
        output = applyResultPath(run, input, UNKNOWN, state.ResultPath, [...at, "ResultPath"]);
        output = applyPath(run, output, state.OutputPath, [...at, "OutputPath"], scope.context);
      }
      break;
    default:
      return [];
  }

  const next: [string, unknown][] = [];
  if (typeof state.Next === "string") next.push([state.Next, output]);
  if (Array.isArray(state.Choices)) {
    for (const rule of state.Choices)
      if (isRecord(rule) && typeof rule.Next === "string") next.push([rule.Next, output]);
  }
  if (typeof state.Default === "string") next.push([state.Default, output]);
  if (Array.isArray(state.Catch)) {
    state.Catch.forEach((catcher, i) => {
      if (!isRecord(catcher) || typeof catcher.Next !== "string") return;
      const caught = jsonPath
        ? applyResultPath(run, input, UNKNOWN, catcher.ResultPath, [...at, "Catch", i, "ResultPath"])
        : UNKNOWN;
      next.push([catcher.Next, caught]);
    });
  }
  return next;
}

// Parallel branches receive the state's effective input; Map iterations an item we cannot know.
function walkNested(
  run: Run,
  state: Record<string, unknown>,
  at: JsonPath,
  jsonPath: boolean,
  scope: { input: unknown; context: unknown; failures: EvaluationFailure[] },
): void {
  if (state.Type === "Parallel" && Array.isArray(state.Branches)) {
    const branchInput =
      jsonPath && "Parameters" in state
        ? evaluatePayloadTemplate(state.Parameters, scope, [...at, "Parameters"])
        : jsonPath
          ? scope.input
          : UNKNOWN;
    state.Branches.forEach((branch, i) => {
      if (isRecord(branch)) walkMachine(run, branch, [...at, "Branches", i], branchInput);
    });
  }
  if (state.Type === "Map") {
    for (const key of ["ItemProcessor", "Iterator"]) {
      const processor = state[key];
      if (isRecord(processor)) walkMachine(run, processor, [...at, key], UNKNOWN);
    }
  }
}

/** InputPath / OutputPath: absent keeps the data, null gives `{}`. */
function applyPath(run: Run, data: unknown, path: unknown, at: JsonPath, context: unknown): unknown {
  if (path === undefined) return data;
  if (path === null) return {};
  if (typeof path !== "string") return UNKNOWN;
  try {
    return evaluateExpression(path, { input: data, context });
  } catch (error) {
    if (!(error instanceof AslRuntimeError)) throw error;
    run.simulation.failures.push({ path: at, message: `${path}: ${error.message}` });
    return UNKNOWN;
  }
}

/** ResultPath: absent or `$` replaces the input, null discards the result, a path writes into a copy. */
function applyResultPath(run: Run, input: unknown, result: unknown, path: unknown, at: JsonPath): unknown {
  if (path === undefined || path === "$") return result;
  if (path === null) return input;
  const segments = typeof path === "string" ? parseReferencePath(path) : null;
  if (!segments) return UNKNOWN;
  try {
    return writePath(input, segments, result);
  } catch (error) {
    if (!(error instanceof AslRuntimeError)) throw error;
    run.simulation.failures.push({ path: at, message: `${String(path)}: ${error.message}` });
    return UNKNOWN;
  }
}
