import { distance } from "fastest-levenshtein";
import { EMR_START_JOB_RUN_SYNC, findEmrTasks, findTasks, readDefinition } from "../../../asl/index.ts";
import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "asl/no-spark-task",
  severity: "error",
  scope: "environment",
  title: "The state machine a pipeline's rule starts has no emr-containers:startJobRun task",
  help: `Run the job with a Task whose Resource is ${EMR_START_JOB_RUN_SYNC} (see the Step Functions EMR on EKS integration).`,
  check: (ctx, report) => {
    // Only state machines an upload of a pipeline starts must run a Spark job.
    const started = new Set(
      ctx.declared.rules
        .filter((r) => ctx.pipelines.some((p) => r.buckets.includes(p.target.bucket)))
        .flatMap((r) => r.stateMachines),
    );
    for (const sm of ctx.declared.stateMachines) {
      if (!started.has(sm.name)) continue;
      // asl/invalid reports a definition that does not parse or nests too deep to walk.
      const definition = readDefinition(sm.definition);
      if (definition === undefined) continue;
      if (findEmrTasks(definition).length > 0) continue;
      // A near miss (a typo in the integration) is reported at its Resource, with the fix.
      const near = findTasks(definition)
        .filter((t): t is typeof t & { resource: string } => typeof t.resource === "string")
        .map((t) => ({ ...t, d: distance(t.resource, EMR_START_JOB_RUN_SYNC) }))
        .filter((t) => t.d <= 6 || t.resource.includes("emr-containers"))
        .sort((a, b) => a.d - b.d)[0];
      if (near) {
        report(
          sm.object.locate(["spec", "definition", ...near.path, "Resource"]),
          `Task '${near.name}' has Resource '${near.resource}', which is not a Step Functions integration; did you mean '${EMR_START_JOB_RUN_SYNC}'? As written, no Spark job runs and the EMR checks are skipped`,
          sm.object,
        );
      } else {
        report(
          sm.object.locate(["spec", "definition", "States"]),
          `state machine ${sm.name} is started by the pipeline's rule but has no ${EMR_START_JOB_RUN_SYNC} task: every upload would start an execution that runs no Spark job`,
          sm.object,
        );
      }
    }
  },
});
