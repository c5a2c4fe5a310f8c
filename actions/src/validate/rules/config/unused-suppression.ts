import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "config/unused-suppression",
  severity: "warning",
  scope: "suppression",
  title: "An `# edp:ignore` comment suppresses nothing: no finding of its rule is on its line",
  help: "Remove the comment (the problem is fixed or has moved), or move it to the line the finding is on.",
  check: (ctx, report) => {
    for (const { directive: d, unused } of ctx.directives) {
      if (unused.length === 0) continue;
      const where =
        d.target === null ? "no line follows it" : d.target === d.line ? "its line" : `line ${d.target}`;
      report(
        { file: d.file, line: d.line, column: d.column },
        `\`# edp:ignore\` for ${unused.join(", ")} suppresses nothing: no such finding on ${where}; remove it, or move it to the finding's line, so suppressions do not outlive their problem`,
        null,
      );
    }
  },
});
