import { specOf } from "../../../model/ack.ts";
import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "trap/bucket-notification",
  severity: "error",
  scope: "environment",
  title: "spec.notification on a bucket a Rule watches turns EventBridge delivery off",
  help: "Remove spec.notification; edp sync enables EventBridge delivery.",
  check: ({ declared }, report) => {
    const watched = new Set(declared.rules.flatMap((r) => r.buckets));
    for (const { object: bucket } of declared.buckets) {
      const name = String(specOf(bucket).name);
      if (specOf(bucket).notification === undefined || !watched.has(name)) continue;
      report(
        bucket.locate(["spec", "notification"]),
        `bucket '${name}' is watched by an EventBridge rule, but spec.notification makes the ACK controller rewrite the bucket's notification configuration, which turns S3 → EventBridge delivery off (aws-controllers-k8s/community#1673): remove spec.notification; edp sync turns EventBridge delivery on`,
        bucket,
      );
    }
  },
});
