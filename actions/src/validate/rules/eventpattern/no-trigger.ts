import { firstMismatch, matchesPattern, s3ObjectCreatedEvent } from "../../../eventbridge/index.ts";
import { defineRule } from "../../rule.ts";
import { patternRules, watchedPipelines } from "./watched.ts";

export default defineRule({
  id: "eventpattern/no-trigger",
  severity: "error",
  scope: "environment",
  title: "The Rule does not match an upload of this environment's entry-point scripts",
  help: "Make the pattern match the bucket and trigger prefix the scripts are uploaded to.",
  check: (ctx, report) => {
    for (const rule of patternRules(ctx)) {
      for (const pipeline of watchedPipelines(ctx, rule)) {
        const bucket = pipeline.target.bucket;
        const missed = [...pipeline.entryPoints].filter(
          (key) => !matchesPattern(rule.pattern, s3ObjectCreatedEvent({ bucket, key })),
        );
        if (missed.length === 0) continue;
        const why = firstMismatch(rule.pattern, s3ObjectCreatedEvent({ bucket, key: missed[0] ?? "" }));
        // At the pattern field that refused the upload (a misspelt detail-type at that value).
        report(
          rule.object.locate(["spec", "eventPattern", ...(why?.path ?? ["detail", "object", "key"])]),
          `an upload of ${missed.map((k) => `s3://${bucket}/${k}`).join(", ")} would not start this rule${why ? ` (${why.path.join(".")}: ${why.reason})` : ""}: the pipeline would never run; make the pattern match the entry points' keys`,
          rule.object,
        );
      }
    }
  },
});
