/** vars/*: every ${VARIABLE} declared once; git-provided values have the declared shape. */
import type { RenderedEnvironment } from "../../render/index.ts";
import type { VariableDeclarations } from "../../render/variables.ts";
import type { EnvironmentRule } from "../context.ts";

export const checkVariables: EnvironmentRule = (ctx) => {
  const declared = ctx.render.variables.variables;
  const reported = new Set<string>();
  for (const use of ctx.env.variableUses) {
    if (declared.has(use.name) || reported.has(use.name)) continue;
    reported.add(use.name);
    ctx.report(
      "vars/undeclared",
      `\${${use.name}} is not declared in clusters/variables.yaml: declare it once (description, provider, example) so tools and people know where its value comes from`,
      use.location(),
      use.object,
    );
  }
  for (const v of declared.values()) {
    if (v.provider !== "git" || !v.configMap || !v.pattern) continue;
    const [ns, name] = v.configMap.split("/");
    const cm = ctx.env.objects.find((o) => o.kind === "ConfigMap" && o.name === name && o.namespace === ns);
    const value = (cm?.object.data as Record<string, unknown> | undefined)?.[v.name];
    if (cm && value !== undefined && !v.pattern.test(String(value))) {
      ctx.report(
        "vars/value-shape",
        `${v.name}='${String(value)}' does not match its declared shape ${v.pattern} (clusters/variables.yaml)`,
        cm.locate(["data", v.name]),
        cm,
      );
    }
  }
};

/** Declared but used nowhere: only meaningful when every environment was rendered. */
export function checkUnusedVariables(
  envs: RenderedEnvironment[],
  decl: VariableDeclarations,
  report: (message: string, line: number | null) => void,
): void {
  const used = new Set(envs.flatMap((e) => e.variableUses.map((u) => u.name)));
  for (const v of decl.variables.values()) {
    if (!used.has(v.name)) report(`variable ${v.name} is declared but no manifest uses it`, v.line);
  }
}
