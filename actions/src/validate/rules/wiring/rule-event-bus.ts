import { defineRule } from "../../rule.ts";

/** "default", or the default bus's ARN. */
function isDefaultBus(name: string): boolean {
  return name === "default" || /:event-bus\/default$/.test(name);
}

export default defineRule({
  id: "wiring/rule-event-bus",
  severity: "error",
  scope: "environment",
  title: "A Rule watching S3 is on a custom event bus: S3 delivers its events only to the default bus",
  help: "Remove spec.eventBusName (or set it to default): S3 sends events to the default bus only (https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html).",
  check: (ctx, report) => {
    for (const rule of ctx.declared.rules) {
      if (isDefaultBus(rule.eventBusName)) continue;
      const sources = (rule.pattern as { source?: unknown } | null)?.source;
      const fromS3 = rule.buckets.length > 0 || (Array.isArray(sources) && sources.includes("aws.s3"));
      if (!fromS3) continue;
      report(
        rule.object.locate(["spec", "eventBusName"]),
        `Rule ${rule.name} watches S3 events on event bus '${rule.eventBusName}', but S3 delivers its events only to the default bus: this rule never fires; remove spec.eventBusName`,
        rule.object,
      );
    }
  },
});
