import { matchesPattern, s3ObjectCreatedEvent } from "../../../eventbridge/index.ts";
import { specOf } from "../../../model/ack.ts";
import { defineRule } from "../../rule.ts";
import { patternRules, watchedPipelines } from "../eventpattern/watched.ts";

export default defineRule({
  id: "trap/non-entry-point-trigger",
  severity: "error",
  scope: "environment",
  title: "A file synced under the trigger prefix is not a Spark entry point",
  help: "Move it to another folder/prefix (pipeline.yaml): every upload there starts a run.",
  check: (ctx, report) => {
    for (const rule of patternRules(ctx)) {
      const prefixes = rule.triggerPrefixes.filter((p) => p !== "");
      for (const pipeline of watchedPipelines(ctx, rule)) {
        const bucket = pipeline.target.bucket;
        for (const file of pipeline.files) {
          if (pipeline.entryPoints.has(file.key) || !prefixes.some((p) => file.key.startsWith(p))) continue;
          // A file that matches today is eventpattern/data-triggers, not a trap for later.
          if (matchesPattern(rule.pattern, s3ObjectCreatedEvent({ bucket, key: file.key, size: file.size })))
            continue;
          report(
            { file: file.file, line: null },
            `${file.file} is synced to s3://${bucket}/${file.key}, under the trigger prefix of Rule ${String(specOf(rule.object).name ?? rule.object.name)}, but is not an entry point: a wider pattern later would start runs for it; keep only entry points there`,
            rule.object,
          );
        }
      }
    }
  },
});
