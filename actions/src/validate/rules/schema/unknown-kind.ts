import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "schema/unknown-kind",
  severity: "error",
  scope: "object",
  title: "No schema exists for an object's apiVersion/kind",
  help: "Regenerate schemas/ from the CRD (npm run schemas) or allow-list the kind in .edp.yaml.",
  check: (o, ctx, report) => {
    if (ctx.schemaResult(o).status !== "no-schema") return;
    const group = o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "";
    const allow = ctx.allowKinds;
    if (allow.has(`${o.apiVersion}/${o.kind}`) || allow.has(o.kind) || allow.has(`${group}/*`)) return;
    report(
      o.locate(["kind"]),
      `no schema for ${o.apiVersion} ${o.kind}: a kind without a schema is not checked at all; regenerate schemas/ from its CRD (npm run schemas -- --from DIR) or allow-list it in .edp.yaml (allowKinds)`,
      o,
    );
  },
});
