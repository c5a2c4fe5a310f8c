import { defineRule } from "../../rule.ts";
import { patternRules, watchedPipelines } from "./watched.ts";

export default defineRule({
  id: "eventpattern/no-entry-point",
  severity: "error",
  scope: "environment",
  title: "The pipeline uploads no Spark entry point: no run can ever start",
  help: "Add the job's entry point (a Python file with `if __name__ == \"__main__\":`) under the folder the rule's pattern watches.",
  check: (ctx, report) => {
    for (const rule of patternRules(ctx)) {
      for (const pipeline of watchedPipelines(ctx, rule)) {
        if (pipeline.entryPoints.size > 0) continue;
        const prefixes = rule.triggerPrefixes.filter((p) => p !== "");
        report(
          rule.object.locate(["spec", "eventPattern", "detail", "object", "key"]),
          `pipeline ${pipeline.target.dir} uploads no Spark entry point (a Python file with \`if __name__ == "__main__":\`)${prefixes.length > 0 ? ` under ${prefixes.map((p) => `s3://${pipeline.target.bucket}/${p}`).join(", ")}` : ""}: Rule ${rule.name} can never start a run; add the job's entry point back`,
          rule.object,
        );
      }
    }
  },
});
