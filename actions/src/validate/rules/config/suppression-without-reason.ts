import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "config/suppression-without-reason",
  severity: "warning",
  scope: "suppression",
  title: "An `# edp:ignore` comment gives no reason",
  help: "Write why the finding is acceptable after the rule ids: `# edp:ignore <rule-id> <reason>`.",
  check: (ctx, report) => {
    for (const { directive: d } of ctx.directives) {
      if (d.reason !== null || d.rules.length === 0) continue;
      report(
        { file: d.file, line: d.line, column: d.column },
        `\`# edp:ignore ${d.rules.join(",")}\` gives no reason: it still suppresses, but a reviewer cannot tell why the finding is acceptable; add the reason after the rule ids`,
        null,
      );
    }
  },
});
