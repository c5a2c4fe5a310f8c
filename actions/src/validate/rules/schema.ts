/** schema/invalid and schema/unknown-kind: every rendered object against the generated schemas. */
import type { EnvironmentRule } from "../context.ts";

export const checkSchemas: EnvironmentRule = (ctx) => {
  for (const o of ctx.env.objects) {
    const result = ctx.schemas.validate(o.object);
    if (result.status === "invalid") {
      for (const v of result.violations) {
        ctx.report("schema/invalid", v.hint ? `${v.message} (${v.hint})` : v.message, o.locate(v.path), o);
      }
    } else if (result.status === "no-schema") {
      const group = o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "";
      if (
        ctx.allowKinds.has(`${o.apiVersion}/${o.kind}`) ||
        ctx.allowKinds.has(o.kind) ||
        ctx.allowKinds.has(`${group}/*`)
      )
        continue;
      ctx.report(
        "schema/unknown-kind",
        `no schema for ${o.apiVersion} ${o.kind}: a kind without a schema is not checked at all; regenerate schemas/ from its CRD (npm run schemas -- --from DIR) or allow-list it in .edp.yaml (allowKinds)`,
        o.locate(["kind"]),
        o,
      );
    }
  }
};
