import { specOf } from "../../../model/ack.ts";
import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "wiring/rule-bucket-missing",
  severity: "error",
  scope: "environment",
  title: "A Rule watches a bucket that this environment does not declare",
  help: "Use the bucket name of this environment's Bucket (the settings variable).",
  check: (ctx, report) => {
    const declared = new Set(ctx.declared.buckets.map((b) => String(specOf(b.object).name ?? "")));
    for (const rule of ctx.declared.rules) {
      for (const bucket of rule.buckets) {
        if (declared.has(bucket)) continue;
        report(
          rule.object.locate(["spec", "eventPattern", "detail", "bucket", "name"]),
          `the event pattern watches bucket '${bucket}', which ${ctx.env.name} does not declare (declared: ${[...declared].join(", ") || "none"}); no upload would ever start this rule`,
          rule.object,
        );
      }
    }
  },
});
