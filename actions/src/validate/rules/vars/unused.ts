import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "vars/unused",
  severity: "warning",
  scope: "repository",
  title: "A declared variable is used by no manifest",
  help: "Remove it from clusters/variables.yaml (and from what provides it).",
  check: (ctx, report) => {
    // Only meaningful when every environment was rendered in full.
    if (!ctx.complete) return;
    const used = new Set(ctx.environments.flatMap((e) => e.variableUses.map((u) => u.name)));
    for (const v of ctx.variables.variables.values()) {
      if (!used.has(v.name)) {
        report(
          { file: ctx.variables.file, line: v.line },
          `variable ${v.name} is declared but no manifest uses it`,
          null,
        );
      }
    }
  },
});
