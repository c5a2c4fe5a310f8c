/**
 * Where JSON text nests deeper than a limit, found without recursion: every recursive reader
 * (checkers, walkers, locators) can then refuse a hostile document up front instead of running
 * out of stack. Strings are skipped, so brackets inside them do not count.
 */
export interface DepthExcess {
  limit: number;
  /** 1-based line and column of the bracket that goes past the limit. */
  line: number;
  column: number;
}

export function jsonTooDeep(text: string, limit: number): DepthExcess | null {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    }
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      if (++depth > limit) return { limit, line, column: i - lineStart + 1 };
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return null;
}
