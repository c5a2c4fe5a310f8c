import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "vars/value-shape",
  severity: "error",
  scope: "environment",
  title: "A variable's value does not have the declared shape",
  help: "Fix the value or the pattern in clusters/variables.yaml.",
  check: (ctx, report) => {
    for (const v of ctx.variables.variables.values()) {
      if (v.provider !== "git" || !v.configMap || !v.pattern) continue;
      const [ns, name] = v.configMap.split("/");
      const cm = ctx.env.objects.find((o) => o.kind === "ConfigMap" && o.name === name && o.namespace === ns);
      const value = (cm?.object.data as Record<string, unknown> | undefined)?.[v.name];
      if (cm && value !== undefined && !v.pattern.test(String(value))) {
        report(
          cm.locate(["data", v.name]),
          `${v.name}='${String(value)}' does not match its declared shape ${v.pattern} (clusters/variables.yaml)`,
          cm,
        );
      }
    }
  },
});
