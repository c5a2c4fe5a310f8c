import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "schema/invalid",
  severity: "error",
  scope: "object",
  title: "An object does not match its JSON Schema (generated from the CRD)",
  help: "Fix the field named in the message; field names are case-sensitive.",
  check: (o, ctx, report) => {
    const result = ctx.schemaResult(o);
    if (result.status !== "invalid") return;
    for (const v of result.violations) {
      report(o.locate(v.path), v.hint ? `${v.message} (${v.hint})` : v.message, o);
    }
  },
});
