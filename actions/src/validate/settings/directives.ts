/**
 * Inline suppressions: `# edp:ignore <rule-id>[,<rule-id>...] <reason>` in any text file a
 * finding points into (YAML manifests, kustomizations, scripts). A comment after code applies to
 * its own line; a comment alone on its line applies to the next line that is not a comment (as
 * yamllint's disable-line and eslint's disable-next-line do). Read as text, so the scan costs one
 * `includes` per file without the marker.
 */

export const DIRECTIVE_MARK = "edp:ignore";

/** A reason is a sentence: longer text is cut (it is copied into every report format). */
export const MAX_REASON_LENGTH = 500;

export interface Directive {
  /** Repository-relative POSIX path. */
  file: string;
  /** 1-based line of the comment. */
  line: number;
  /** 1-based column of its `#`. */
  column: number;
  /** The line it applies to (null: none follows it). */
  target: number | null;
  /** Rule ids as written (possibly unknown ones). */
  rules: string[];
  /** The text after the ids, or null when there is none. */
  reason: string | null;
}

/** `#` at the start of the line or after a space, then the mark and what follows. */
const DIRECTIVE = /(^|\s)#\s*edp:ignore(?=\s|$)(.*)$/;
const IDS_THEN_REASON = /^([^\s,]+(?:\s*,\s*[^\s,]+)*)(?:\s+(.*))?$/;
const COMMENT_LINE = /^\s*#/;

export function findDirectives(file: string, text: string): Directive[] {
  if (!text.includes(DIRECTIVE_MARK)) return [];
  const lines = text.split(/\r?\n/);
  const out: Directive[] = [];
  lines.forEach((text, i) => {
    if (!text.includes(DIRECTIVE_MARK)) return;
    const m = DIRECTIVE.exec(text);
    if (!m) return;
    const hash = m.index + (m[1]?.length ?? 0);
    let target: number | null = i + 1;
    if (text.slice(0, hash).trim() === "") {
      let next = i + 1;
      while (next < lines.length && COMMENT_LINE.test(lines[next] ?? "")) next++;
      target = next < lines.length ? next + 1 : null;
    }
    const { rules, reason } = parseBody(m[2] ?? "");
    out.push({ file, line: i + 1, column: hash + 1, target, rules, reason });
  });
  return out;
}

function parseBody(raw: string): { rules: string[]; reason: string | null } {
  // Control characters (a terminal escape in a pull request) are not echoed into reports.
  const body = raw.replace(/(?!\t)\p{Cc}/gu, "?");
  const m = IDS_THEN_REASON.exec(body.trim());
  if (!m) return { rules: [], reason: null };
  const rules = (m[1] ?? "").split(/\s*,\s*/).filter(Boolean);
  // eslint writes the reason after "--"; accept it, and a colon, as a separator.
  const reason = (m[2] ?? "").replace(/^(?:--|:)\s*/, "").trim();
  if (reason === "") return { rules, reason: null };
  return {
    rules,
    reason: reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 3)}...` : reason,
  };
}
