/**
 * Evaluates JSONPath-language payload templates (Parameters, ResultSelector, a Pass state's
 * Parameters): fields named `x.$` take the value of their path or intrinsic function and lose
 * the suffix, in objects nested at any depth, arrays included.
 */
import { evaluateIntrinsic, isIntrinsicExpression, parseIntrinsic } from "./intrinsics.ts";
import { formatReferencePath, parseReferencePath, readPath } from "./reference-path.ts";
import { AslRuntimeError, isRecord, UNKNOWN, type JsonPath } from "./values.ts";

/** A field whose evaluation would fail the state at run time. */
export interface EvaluationFailure {
  path: JsonPath;
  message: string;
}

export interface EvaluationScope {
  input: unknown;
  /** The context object (`$$`). */
  context: unknown;
  failures: EvaluationFailure[];
}

/** Evaluates one `.$` value: a path on the input, a `$$` path on the context, or an intrinsic. */
export function evaluateExpression(
  expression: string,
  scope: Pick<EvaluationScope, "input" | "context">,
): unknown {
  if (isIntrinsicExpression(expression)) {
    const call = parseIntrinsic(expression);
    return call ? evaluateIntrinsic(call, (path) => evaluatePath(path, scope)) : UNKNOWN;
  }
  return evaluatePath(expression, scope);
}

function evaluatePath(expression: string, scope: Pick<EvaluationScope, "input" | "context">): unknown {
  const text = expression.trim();
  const onContext = text.startsWith("$$");
  // `$name` is a workflow variable (Assign), which this evaluator does not track.
  if (!onContext && !/^\$(?:$|[.[])/.test(text)) return UNKNOWN;
  const segments = parseReferencePath(onContext ? text.slice(1) : text);
  if (!segments) return UNKNOWN;
  const root = onContext ? "$$" : "$";
  const where = onContext ? "the context object" : "the state input";
  return readPath(
    onContext ? scope.context : scope.input,
    segments,
    () => `${formatReferencePath(root, segments)} does not exist in ${where}`,
  );
}

/** Evaluates a template; `at` is its location in the definition, used for failures. */
export function evaluatePayloadTemplate(template: unknown, scope: EvaluationScope, at: JsonPath): unknown {
  if (Array.isArray(template))
    return template.map((item, i) => evaluatePayloadTemplate(item, scope, [...at, i]));
  if (!isRecord(template)) return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith(".$") && typeof value === "string") {
      out[key.slice(0, -2)] = evaluateField(value, scope, [...at, key]);
    } else {
      out[key] = evaluatePayloadTemplate(value, scope, [...at, key]);
    }
  }
  return out;
}

function evaluateField(expression: string, scope: EvaluationScope, at: JsonPath): unknown {
  try {
    return evaluateExpression(expression, scope);
  } catch (error) {
    if (!(error instanceof AslRuntimeError)) throw error;
    // A plain path names itself in the error; an intrinsic call needs quoting for context.
    const message = error.message.startsWith(expression.trim())
      ? error.message
      : `${expression}: ${error.message}`;
    scope.failures.push({ path: at, message });
    return UNKNOWN;
  }
}

/**
 * Maps a location in an evaluated payload back to the template field that produced it:
 * `JobDriver.SparkSubmitJobDriver.EntryPoint` → `…/EntryPoint.$` when that field was dynamic.
 */
export function templateSourcePath(template: unknown, resolved: JsonPath, at: JsonPath): JsonPath {
  let node = template;
  const path = [...at];
  for (const segment of resolved) {
    if (Array.isArray(node) && typeof segment === "number" && segment < node.length) {
      node = node[segment];
      path.push(segment);
    } else if (isRecord(node) && typeof segment === "string" && Object.hasOwn(node, segment)) {
      node = node[segment];
      path.push(segment);
    } else if (isRecord(node) && typeof segment === "string" && Object.hasOwn(node, `${segment}.$`)) {
      // Everything below a dynamic field comes from that one field.
      path.push(`${segment}.$`);
      return path;
    } else {
      return path;
    }
  }
  return path;
}
