import { EVENT_RULE, isKind, specOf } from "../../../model/ack.ts";
import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "aws/rule-schedule",
  severity: "error",
  scope: "object",
  title: "A Rule has neither an event pattern nor a schedule, or a schedule on a bus other than default",
  help:
    "PutRule needs an EventPattern or a ScheduleExpression, and schedules run only on the default event bus " +
    "(https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html). A pipeline's rule " +
    "needs the event pattern that matches its uploads.",
  check: (o, _ctx, report) => {
    if (!isKind(o, EVENT_RULE)) return;
    const spec = specOf(o);
    const pattern = typeof spec.eventPattern === "string" && spec.eventPattern.trim() !== "";
    const schedule = typeof spec.scheduleExpression === "string" && spec.scheduleExpression.trim() !== "";
    if (!pattern && !schedule) {
      report(
        o.locate(["spec", "eventPattern"]),
        "the Rule has neither an eventPattern nor a scheduleExpression: EventBridge refuses it (PutRule) and nothing is ever matched; give it the pattern of the uploads it should start",
        o,
      );
    }
    const bus = typeof spec.eventBusName === "string" ? spec.eventBusName : "default";
    if (schedule && bus !== "default" && !bus.endsWith(":event-bus/default")) {
      report(
        o.locate(["spec", "scheduleExpression"]),
        `a scheduleExpression on event bus '${bus}': EventBridge runs schedules only on the default bus and refuses the rule; move it to the default bus or use EventBridge Scheduler`,
        o,
      );
    }
  },
});
