import { findTasks, readDefinition } from "../../../asl/index.ts";
import { isKind, specOf, STATE_MACHINE } from "../../../model/ack.ts";
import { defineRule } from "../../rule.ts";

const WAITS = /\.(sync(?::\d+)?|waitForTaskToken)$/;

export default defineRule({
  id: "aws/express-integration-pattern",
  severity: "error",
  scope: "object",
  title:
    "An Express state machine waits for a job (.sync) or a callback (.waitForTaskToken): Step Functions refuses it",
  help:
    "Express workflows support only the Request Response pattern; .sync and .waitForTaskToken need a " +
    "STANDARD state machine (spec.type_: STANDARD), which a Spark job of more than five minutes needs anyway. " +
    "See https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html",
  check: (o, _ctx, report) => {
    if (!isKind(o, STATE_MACHINE)) return;
    const spec = specOf(o);
    if (spec.type_ !== "EXPRESS" || typeof spec.definition !== "string") return;
    // asl/invalid reports a definition that does not parse or nests too deep to walk.
    const definition = readDefinition(spec.definition);
    if (definition === undefined) return;
    for (const task of findTasks(definition)) {
      if (typeof task.resource !== "string") continue;
      const pattern = WAITS.exec(task.resource)?.[1];
      if (!pattern) continue;
      report(
        o.locate(["spec", "definition", ...task.path, "Resource"]),
        `Task '${task.name}' uses .${pattern} in an EXPRESS state machine: Step Functions refuses the definition (Express workflows only call and move on); make the state machine STANDARD (spec.type_) or drop .${pattern}`,
        o,
      );
    }
  },
});
