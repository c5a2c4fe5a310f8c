import { matchesPattern, s3ObjectCreatedEvent } from "../../../eventbridge/index.ts";
import { specOf } from "../../../model/ack.ts";
import { defineRule } from "../../rule.ts";
import { patternRules, watchedPipelines } from "./watched.ts";

const LISTED = 5;

/** The first folder of a key ("" for a key at the bucket's root). */
function folderOf(key: string): string {
  const slash = key.indexOf("/");
  return slash < 0 ? "" : key.slice(0, slash + 1);
}

export default defineRule({
  id: "eventpattern/data-triggers",
  severity: "error",
  scope: "environment",
  title: "Uploading input data, dependencies or pod templates would start a run",
  help: "Narrow the pattern (e.g. wildcard scripts/*.py) or move those files out of the trigger prefix.",
  check: (ctx, report) => {
    for (const rule of patternRules(ctx)) {
      const ruleName = String(specOf(rule.object).name ?? rule.object.name);
      for (const pipeline of watchedPipelines(ctx, rule)) {
        const bucket = pipeline.target.bucket;
        const triggered = pipeline.files.filter(
          (file) =>
            !pipeline.entryPoints.has(file.key) &&
            matchesPattern(rule.pattern, s3ObjectCreatedEvent({ bucket, key: file.key, size: file.size })),
        );
        if (triggered.length === 0) continue;
        // Files beside the entry points were put in the trigger folder: the fix is the file. Files
        // in other folders mean the pattern reaches past the entry points: the fix is the pattern.
        const entryFolders = new Set([...pipeline.entryPoints].map(folderOf));
        const beside = triggered.filter((f) => entryFolders.has(folderOf(f.key)));
        const beyond = triggered.filter((f) => !entryFolders.has(folderOf(f.key)));
        for (const file of beside) {
          report(
            { file: file.file, line: null },
            `uploading ${file.file} to s3://${bucket}/${file.key} would start Rule ${ruleName} although it is not a Spark entry point; move it out of the trigger prefix or narrow the pattern`,
            rule.object,
          );
        }
        if (beyond.length === 0) continue;
        const folders = [...new Set(beyond.map((f) => folderOf(f.key) || "the bucket's root"))];
        const listed = beyond.slice(0, LISTED).map((f) => f.key);
        report(
          rule.object.locate(["spec", "eventPattern", "detail", "object", "key"]),
          `the pattern matches uploads outside the entry points' folder (${folders.join(", ")}): ${listed.join(", ")}${beyond.length > LISTED ? ` and ${beyond.length - LISTED} more` : ""} would each start Rule ${ruleName} although none is a Spark entry point; narrow the key to the entry points (e.g. a wildcard like ${[...entryFolders][0] ?? ""}*.py)`,
          rule.object,
        );
      }
    }
  },
});
