import { CONFIG_FILE } from "../../settings/types.ts";
import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "config/invalid",
  severity: "error",
  scope: "suppression",
  title: "The .edp.yaml settings file has an unknown key, an unknown rule id or a bad value",
  help: "Fix the entry at the line shown; the format is in docs/configuration.md. What is invalid is not applied, and no setting turns this rule off.",
  check: (ctx, report) => {
    for (const p of ctx.config.problems) {
      report({ file: ctx.config.file ?? CONFIG_FILE, line: p.line, column: p.column }, p.message, null);
    }
  },
});
