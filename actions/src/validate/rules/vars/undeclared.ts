import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "vars/undeclared",
  severity: "error",
  scope: "environment",
  title: "A ${VARIABLE} is used but not declared in clusters/variables.yaml",
  help: "Declare it once with its meaning, provider and an example value.",
  check: (ctx, report) => {
    const declared = ctx.variables.variables;
    const reported = new Set<string>();
    for (const use of ctx.env.variableUses) {
      if (declared.has(use.name) || reported.has(use.name)) continue;
      reported.add(use.name);
      report(
        use.location(),
        `\${${use.name}} is not declared in clusters/variables.yaml: declare it once (description, provider, example) so tools and people know where its value comes from`,
        use.object,
      );
    }
  },
});
