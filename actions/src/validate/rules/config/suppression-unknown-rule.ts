import { defineRule } from "../../rule.ts";

/** Names echoed from a comment: a few, each short (the comment is the pull request's text). */
function listed(ids: readonly string[]): string {
  const shown = ids.slice(0, 5).map((raw) => {
    const id = raw.replace(/\p{Cc}/gu, "?");
    return `'${id.length > 60 ? `${id.slice(0, 57)}...` : id}'`;
  });
  return shown.join(", ") + (ids.length > 5 ? ` and ${ids.length - 5} more` : "");
}

export default defineRule({
  id: "config/suppression-unknown-rule",
  severity: "warning",
  scope: "suppression",
  title: "An `# edp:ignore` comment names no rule, or a rule it cannot suppress",
  help: "Name the rule ids of the findings to suppress (docs/rules.md); config/* findings are set in .edp.yaml, not suppressed by a comment.",
  check: (ctx, report) => {
    for (const { directive: d, unknown } of ctx.directives) {
      const at = { file: d.file, line: d.line, column: d.column };
      if (d.rules.length === 0) {
        report(
          at,
          "`# edp:ignore` names no rule, so it suppresses nothing; write `# edp:ignore <rule-id> <reason>`",
          null,
        );
      } else if (unknown.length > 0) {
        const own = unknown.every((id) => id.startsWith("config/"));
        report(
          at,
          own
            ? `\`# edp:ignore\` names ${listed(unknown)}: findings about the settings and suppressions are not suppressed by a comment; set their level in .edp.yaml`
            : `\`# edp:ignore\` names ${listed(unknown)}, which no rule has as its id, so it suppresses nothing; use an id from docs/rules.md (a typo?)`,
          null,
        );
      }
    }
  },
});
