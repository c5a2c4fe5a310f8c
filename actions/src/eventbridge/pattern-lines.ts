/**
 * Maps a JSON path inside a pattern file to a 1-based line and column. JSON is YAML, so the `yaml`
 * parser's node ranges give positions; a path that does not exist falls back to its deepest existing
 * ancestor, and an unparsable file gives null.
 */
import { LineCounter, isCollection, isNode, parseDocument } from "yaml";
import type { PatternPath } from "./check.ts";

export interface TextPosition {
  line: number;
  column: number;
}

export type PathLocator = (path: PatternPath) => TextPosition | null;

export function patternLocator(text: string): PathLocator {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, keepSourceTokens: false });
  if (doc.errors.length > 0 || !isCollection(doc.contents)) return () => null;
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return { line, column: col };
      }
    }
    return null;
  };
}
