import { distance } from "fastest-levenshtein";
import { EMR_START_JOB_RUN_SYNC, findTasks, readDefinition } from "../../../asl/index.ts";
import { defineRule } from "../../rule.ts";

/**
 * The services of Step Functions' optimized integrations (the `arn:aws:states:::<service>:<api>`
 * form); every other AWS API goes through `aws-sdk:<service>:<api>`, which has no `.sync`.
 */
const OPTIMIZED = new Set([
  "apigateway",
  "athena",
  "batch",
  "bedrock",
  "codebuild",
  "databrew",
  "dynamodb",
  "ecs",
  "eks",
  "elasticmapreduce",
  "emr-containers",
  "emr-serverless",
  "events",
  "glue",
  "http",
  "lambda",
  "mediaconvert",
  "sagemaker",
  "sns",
  "sqs",
  "states",
]);
const INTEGRATION = /^arn:aws[a-z-]*:states:::([^:]+):(.+)$/;
const DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html";

/** Why a Task's Resource is not one Step Functions can run, or null. */
function problem(resource: string): string | null {
  if (resource.includes("${")) return null; // flux/variable-unresolved's to report
  const m = INTEGRATION.exec(resource);
  if (!m) return null; // a Lambda function, an activity, or asl/invalid's to report
  const [, service = "", api = ""] = m;
  if (service === "aws-sdk") {
    return /\.sync(:\d+)?$/.test(api)
      ? "uses .sync with an AWS SDK integration, which only supports Request Response and .waitForTaskToken"
      : null;
  }
  if (!OPTIMIZED.has(service))
    return `names '${service}', which is not a Step Functions integration (an optimized one, or arn:aws:states:::aws-sdk:<service>:<api> for any other AWS API)`;
  return null;
}

export default defineRule({
  id: "asl/unknown-integration",
  severity: "error",
  scope: "environment",
  title: "A Task's Resource is not an integration Step Functions has",
  help: `Use an optimized integration (arn:aws:states:::<service>:<api>[.sync|.waitForTaskToken]) or the AWS SDK one (arn:aws:states:::aws-sdk:<service>:<api>); see ${DOCS}`,
  check: (ctx, report) => {
    for (const sm of ctx.declared.stateMachines) {
      // asl/invalid reports a definition that does not parse or nests too deep to walk.
      const definition = readDefinition(sm.definition);
      if (definition === undefined) continue;
      for (const task of findTasks(definition)) {
        if (typeof task.resource !== "string") continue;
        // A near miss of the EMR integration is asl/no-spark-task's, with the fix.
        if (task.resource.includes("emr-containers") || distance(task.resource, EMR_START_JOB_RUN_SYNC) <= 6)
          continue;
        const why = problem(task.resource);
        if (!why) continue;
        report(
          sm.object.locate(["spec", "definition", ...task.path, "Resource"]),
          `Task '${task.name}' Resource '${task.resource}' ${why}: Step Functions refuses the definition, so ACK cannot create or update the state machine`,
          sm.object,
        );
      }
    }
  },
});
