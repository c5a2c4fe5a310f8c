/**
 * The `wildcard` operator: `*` matches any run of characters (including none), `\*` is a literal star
 * and `\\` a literal backslash. Ruler rejects consecutive stars and any other escape. Matching splits the
 * pattern on stars and finds each literal piece left to right, so it is linear and cannot backtrack.
 */

/** Why a wildcard value is invalid, or null when it is valid. Positions are 1-based characters. */
export function wildcardError(pattern: string): string | null {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*" && pattern[i + 1] === "*") {
      return `consecutive '*' at character ${i + 1} are not allowed; one '*' already matches any run of characters`;
    }
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next !== "*" && next !== "\\") {
        return `invalid escape at character ${i + 1}: a backslash may only escape '*' or '\\'`;
      }
      i++;
    }
  }
  return null;
}

/** The literal pieces between unescaped stars (so a pattern with n stars has n + 1 pieces). */
function pieces(pattern: string): string[] {
  const out: string[] = [];
  let current = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? "";
    if (c === "\\" && i + 1 < pattern.length) {
      current += pattern[i + 1];
      i++;
    } else if (c === "*") {
      out.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  out.push(current);
  return out;
}

export function wildcardMatches(pattern: string, value: string): boolean {
  const parts = pieces(pattern);
  const first = parts[0] ?? "";
  if (parts.length === 1) return value === first;
  const last = parts[parts.length - 1] ?? "";
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) {
    return false;
  }
  const end = value.length - last.length;
  let at = first.length;
  for (const middle of parts.slice(1, -1)) {
    const found = value.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}
