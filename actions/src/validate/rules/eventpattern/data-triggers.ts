import { matchesPattern, s3ObjectCreatedEvent } from "../../../eventbridge/index.ts";
import { specOf } from "../../../model/ack.ts";
import { defineRule } from "../../rule.ts";
import { patternRules, watchedPipelines } from "./watched.ts";

export default defineRule({
  id: "eventpattern/data-triggers",
  severity: "error",
  scope: "environment",
  title: "Uploading input data, dependencies or pod templates would start a run",
  help: "Narrow the pattern (e.g. wildcard scripts/*.py) or move those files out of the trigger prefix.",
  check: (ctx, report) => {
    for (const rule of patternRules(ctx)) {
      for (const pipeline of watchedPipelines(ctx, rule)) {
        const bucket = pipeline.target.bucket;
        for (const file of pipeline.files) {
          if (pipeline.entryPoints.has(file.key)) continue;
          if (!matchesPattern(rule.pattern, s3ObjectCreatedEvent({ bucket, key: file.key, size: file.size })))
            continue;
          report(
            { file: file.file, line: null },
            `uploading ${file.file} to s3://${bucket}/${file.key} would start Rule ${String(specOf(rule.object).name ?? rule.object.name)} although it is not a Spark entry point; move it out of the trigger prefix or narrow the pattern`,
            rule.object,
          );
        }
      }
    }
  },
});
