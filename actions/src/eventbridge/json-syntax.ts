/**
 * Finds the first JSON syntax error with its line and column. Node's JSON.parse messages often omit
 * the position ("Unexpected token '}', ... is not valid JSON"), so this scanner is run only after
 * JSON.parse has failed, to say where.
 */

export interface JsonSyntaxError {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  offset: number;
}

class Stop extends Error {
  constructor(
    readonly at: number,
    readonly why: string,
  ) {
    super(why);
  }
}

const MAX_DEPTH = 512;

export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const fail = (why: string, at = i): never => {
    throw new Stop(at, why);
  };
  const describe = (at: number): string => (at >= text.length ? "end of input" : JSON.stringify(text[at]));
  const ws = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i] ?? "")) i++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe(i)}; expected a value`);
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail("unterminated string");
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail("control character in string (escape it, e.g. \\n)");
      if (c === 0x5c) {
        const e = text[i + 1] ?? "";
        if ('"\\/bfnrt'.includes(e) && e !== "") i += 2;
        else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fail(`invalid escape \\${e}`);
      } else {
        i++;
      }
    }
  };
  const number = (): void => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === "-") fail("invalid number");
    i += m?.[0].length ?? 0;
    if (/[0-9.eE+-]/.test(text[i] ?? "")) fail("invalid number");
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) fail("nesting too deep");
    ws();
    const c = text[i];
    if (c === "{") object(depth);
    else if (c === "[") array(depth);
    else if (c === '"') string();
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) number();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else fail(`unexpected ${describe(i)}; expected a value`);
  };
  const object = (depth: number): void => {
    i++;
    ws();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === "}") fail("trailing comma before '}' is not allowed");
      if (text[i] !== '"') fail(`unexpected ${describe(i)}; expected a property name in double quotes`);
      string();
      ws();
      if (text[i] !== ":") fail(`unexpected ${describe(i)}; expected ':' after the property name`);
      i++;
      value(depth + 1);
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      fail(`unexpected ${describe(i)}; expected ',' or '}' after a property value`);
    }
  };
  const array = (depth: number): void => {
    i++;
    ws();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === "]") fail("trailing comma before ']' is not allowed");
      value(depth + 1);
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      fail(`unexpected ${describe(i)}; expected ',' or ']' after an array element`);
    }
  };

  try {
    value(0);
    ws();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { message: error.why, offset: error.at, ...lineColumn(text, error.at) };
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === "\n") {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
