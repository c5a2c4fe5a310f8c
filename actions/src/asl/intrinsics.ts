/**
 * Parser and evaluator for the ASL intrinsic functions (`States.Format(...)` and friends) that
 * pipelines use to build S3 locations. Functions whose result cannot be known before the run
 * (States.MathRandom) or that are not implemented evaluate to UNKNOWN, never to a guess.
 */
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { AslRuntimeError, containsUnknown, isRecord, UNKNOWN } from "./values.ts";

export type IntrinsicArg =
  | { kind: "literal"; value: string | number | boolean | null; raw?: string }
  | { kind: "path"; expression: string }
  | { kind: "call"; call: IntrinsicCall };

export interface IntrinsicCall {
  name: string;
  args: IntrinsicArg[];
}

/** Resolves a `$…` or `$$…` argument; may return UNKNOWN and may throw AslRuntimeError. */
export type PathResolver = (expression: string) => unknown;

// What States.UUID returns here: any fixed, valid v4 UUID keeps the evaluation deterministic.
export const FIXED_UUID = "00000000-0000-4000-8000-000000000000";

export function isIntrinsicExpression(text: string): boolean {
  return text.trimStart().startsWith("States.");
}

/** Parses `States.Name(args)`; returns null when the text is not a well-formed call. */
export function parseIntrinsic(text: string): IntrinsicCall | null {
  const parser = new Parser(text);
  try {
    const call = parser.call();
    parser.skipSpace();
    return parser.atEnd() ? call : null;
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    while (/\s/.test(this.text[this.pos] ?? "")) this.pos += 1;
  }

  call(): IntrinsicCall {
    this.skipSpace();
    const match = /^States\.([A-Za-z0-9]+)\s*\(/.exec(this.text.slice(this.pos));
    if (!match) throw new SyntaxError("expected States.<Function>(");
    this.pos += match[0].length;
    const args: IntrinsicArg[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ")") {
      this.pos += 1;
      return { name: match[1] ?? "", args };
    }
    for (;;) {
      args.push(this.arg());
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos += 1;
      if (c === ")") return { name: match[1] ?? "", args };
      if (c !== ",") throw new SyntaxError("expected , or )");
    }
  }

  private arg(): IntrinsicArg {
    this.skipSpace();
    const rest = this.text.slice(this.pos);
    if (rest.startsWith("'")) return this.stringLiteral();
    if (rest.startsWith("States.")) return { kind: "call", call: this.call() };
    if (rest.startsWith("$")) return { kind: "path", expression: this.pathText() };
    const token = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?=\s*[,)])/.exec(rest);
    if (!token?.[1]) throw new SyntaxError("unexpected argument");
    this.pos += token[1].length;
    return { kind: "literal", value: JSON.parse(token[1]) as number | boolean | null };
  }

  // 'text' with \' \\ \{ \} escapes; the raw form keeps escapes for States.Format's placeholders.
  private stringLiteral(): IntrinsicArg {
    let value = "";
    let raw = "";
    let i = this.pos + 1;
    while (i < this.text.length && this.text[i] !== "'") {
      if (this.text[i] === "\\" && i + 1 < this.text.length) {
        raw += this.text.slice(i, i + 2);
        value += this.text[i + 1];
        i += 2;
      } else {
        raw += this.text[i];
        value += this.text[i];
        i += 1;
      }
    }
    if (i >= this.text.length) throw new SyntaxError("unterminated string");
    this.pos = i + 1;
    return { kind: "literal", value, raw };
  }

  // A path argument runs to the next , or ) outside brackets and quotes.
  private pathText(): string {
    const start = this.pos;
    let depth = 0;
    let quote: string | null = null;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === "'" || c === '"') {
        quote = c;
      } else if (c === "[") {
        depth += 1;
      } else if (c === "]") {
        depth -= 1;
      } else if (depth === 0 && (c === "," || c === ")")) {
        break;
      }
      this.pos += 1;
    }
    return this.text.slice(start, this.pos).trim();
  }
}

/** Evaluates a parsed call. Throws AslRuntimeError where Step Functions would fail the state. */
export function evaluateIntrinsic(call: IntrinsicCall, resolvePath: PathResolver): unknown {
  const args = call.args.map((arg) => evaluateArg(arg, resolvePath));
  const fn = FUNCTIONS[call.name];
  if (!fn) return UNKNOWN;
  // States.Array only collects its arguments, so an unknown element stays local to that element.
  if (call.name !== "Array" && args.some(containsUnknown)) return UNKNOWN;
  return fn(args, call.args);
}

function evaluateArg(arg: IntrinsicArg, resolvePath: PathResolver): unknown {
  switch (arg.kind) {
    case "literal":
      return arg.value;
    case "path":
      return resolvePath(arg.expression);
    case "call":
      return evaluateIntrinsic(arg.call, resolvePath);
  }
}

type IntrinsicFunction = (args: unknown[], source: IntrinsicArg[]) => unknown;

const FUNCTIONS: Record<string, IntrinsicFunction> = {
  Format: (args, source) => {
    const [template, ...values] = args;
    const first = source[0];
    if (typeof template !== "string") fail("States.Format: the template must be a string");
    return format(
      first?.kind === "literal" && first.raw !== undefined ? first.raw : escapeBraces(template),
      values,
    );
  },
  StringToJson: ([text]) => {
    if (typeof text !== "string") fail("States.StringToJson: the argument must be a string");
    try {
      return JSON.parse(text) as unknown;
    } catch {
      fail(`States.StringToJson: ${JSON.stringify(text)} is not JSON`);
    }
  },
  JsonToString: ([value]) => JSON.stringify(value),
  Array: (args) => args,
  ArrayGetItem: ([array, index]) => {
    const list = arrayArg("ArrayGetItem", array);
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= list.length) {
      fail(`States.ArrayGetItem: index ${String(index)} is out of range for an array of ${list.length}`);
    }
    return list[index as number];
  },
  ArrayLength: ([array]) => arrayArg("ArrayLength", array).length,
  ArrayContains: ([array, value]) =>
    arrayArg("ArrayContains", array).some((item) => isDeepStrictEqual(item, value)),
  ArrayUnique: ([array]) =>
    arrayArg("ArrayUnique", array).filter(
      (item, i, list) => list.findIndex((other) => isDeepStrictEqual(other, item)) === i,
    ),
  ArrayPartition: ([array, size]) => {
    const list = arrayArg("ArrayPartition", array);
    if (!Number.isInteger(size) || (size as number) < 1)
      fail("States.ArrayPartition: the chunk size must be a positive integer");
    const chunks: unknown[][] = [];
    for (let i = 0; i < list.length; i += size as number) chunks.push(list.slice(i, i + (size as number)));
    return chunks;
  },
  ArrayRange: ([start, end, step]) => {
    if (![start, end, step].every(Number.isInteger) || step === 0)
      fail("States.ArrayRange: needs integer start, end and a non-zero step");
    const [from, to, by] = [start, end, step] as number[] as [number, number, number];
    const out: number[] = [];
    for (let n = from; by > 0 ? n <= to : n >= to; n += by) {
      out.push(n);
      if (out.length > 1000) fail("States.ArrayRange: more than 1000 items");
    }
    return out;
  },
  // Every character of the second argument is a delimiter; empty pieces are dropped.
  StringSplit: ([text, delimiters]) => {
    if (typeof text !== "string" || typeof delimiters !== "string")
      fail("States.StringSplit: both arguments must be strings");
    const set = new Set(delimiters);
    const pieces: string[] = [];
    let current = "";
    for (const c of text) {
      if (set.has(c)) {
        if (current) pieces.push(current);
        current = "";
      } else {
        current += c;
      }
    }
    if (current) pieces.push(current);
    return pieces;
  },
  MathAdd: ([a, b]) => {
    if (typeof a !== "number" || typeof b !== "number")
      fail("States.MathAdd: both arguments must be numbers");
    return a + b;
  },
  JsonMerge: ([a, b, deep]) => {
    if (!isRecord(a) || !isRecord(b)) fail("States.JsonMerge: both arguments must be objects");
    if (deep !== false) fail("States.JsonMerge: only shallow merges (false) are supported by Step Functions");
    return { ...a, ...b };
  },
  Base64Encode: ([text]) => {
    if (typeof text !== "string") fail("States.Base64Encode: the argument must be a string");
    return Buffer.from(text, "utf8").toString("base64");
  },
  Base64Decode: ([text]) => {
    if (typeof text !== "string") fail("States.Base64Decode: the argument must be a string");
    return Buffer.from(text, "base64").toString("utf8");
  },
  Hash: ([data, algorithm]) => {
    const algorithms: Record<string, string> = {
      MD5: "md5",
      "SHA-1": "sha1",
      "SHA-256": "sha256",
      "SHA-384": "sha384",
      "SHA-512": "sha512",
    };
    const name = typeof algorithm === "string" ? algorithms[algorithm] : undefined;
    if (!name) fail(`States.Hash: unsupported algorithm ${JSON.stringify(algorithm)}`);
    const text = typeof data === "string" ? data : JSON.stringify(data);
    return createHash(name).update(text).digest("hex");
  },
  UUID: () => FIXED_UUID,
};

function arrayArg(fn: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) fail(`States.${fn}: the first argument must be an array`);
  return value;
}

function fail(message: string): never {
  throw new AslRuntimeError(message);
}

// A template read from a path has no escapes: protect its backslashes before placeholder parsing.
function escapeBraces(template: string): string {
  return template.replace(/\\/g, "\\\\");
}

// `{}` is a placeholder, `\x` is a literal x; values print as strings or JSON.
function format(rawTemplate: string, values: unknown[]): string {
  let out = "";
  let next = 0;
  for (let i = 0; i < rawTemplate.length; i += 1) {
    const c = rawTemplate[i];
    if (c === "\\" && i + 1 < rawTemplate.length) {
      out += rawTemplate[i + 1];
      i += 1;
    } else if (c === "{" && rawTemplate[i + 1] === "}") {
      if (next >= values.length) fail("States.Format: more {} placeholders than arguments");
      const value = values[next];
      next += 1;
      if (typeof value === "object" && value !== null)
        fail("States.Format: arguments must be strings, numbers, booleans or null");
      out += typeof value === "string" ? value : JSON.stringify(value);
      i += 1;
    } else {
      out += c;
    }
  }
  if (next !== values.length) fail(`States.Format: ${values.length} arguments for ${next} {} placeholders`);
  return out;
}
