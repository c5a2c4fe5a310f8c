/** JSON.parse that reports where the text breaks as line and column, across Node versions. */

export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJsonText(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const { line, column } = locate(text, raw);
    // Node 20 says "… in JSON at position N", newer ones add "(line L column C)": keep the reason only.
    const reason = raw.replace(/\s*\(line \d+ column \d+\)/, "").replace(/\s+in JSON at position \d+/, "");
    return {
      ok: false,
      message: `the definition is not valid JSON: ${reason} at line ${line}, column ${column}`,
    };
  }
}

function locate(text: string, message: string): { line: number; column: number } {
  const explicit = /line (\d+) column (\d+)/.exec(message);
  if (explicit) return { line: Number(explicit[1]), column: Number(explicit[2]) };
  const position = /position (\d+)/.exec(message);
  // No position means the text ended early ("Unexpected end of JSON input").
  const offset = position ? Number(position[1]) : text.length;
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}
