/** trap/*: known ways a pipeline silently stops running. */
import { VARIABLES_FILE } from "../../render/variables.ts";
import { ofKind, spec, type EnvironmentRule } from "../context.ts";
import type { ManifestFile } from "../manifest-files.ts";
import { patternBuckets } from "./wiring.ts";

export const checkBucketNotification: EnvironmentRule = (ctx) => {
  const watched = new Set(ofKind(ctx.env, "eventbridge.services.k8s.aws", "Rule").flatMap(patternBuckets));
  for (const bucket of ofKind(ctx.env, "s3.services.k8s.aws", "Bucket")) {
    if (spec(bucket).notification === undefined || !watched.has(String(spec(bucket).name))) continue;
    ctx.report(
      "trap/bucket-notification",
      `bucket '${String(spec(bucket).name)}' is watched by an EventBridge rule, but spec.notification makes the ACK controller rewrite the bucket's notification configuration, which turns S3 → EventBridge delivery off (aws-controllers-k8s/community#1673): remove spec.notification; edp sync turns EventBridge delivery on`,
      bucket.locate(["spec", "notification"]),
      bucket,
    );
  }
};

/** A literal ARN with an account ID, or a bare 12-digit account ID, in a manifest. */
const LITERAL_ARN = /arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/;
const ACCOUNT_FIELD = /(account[-_]?id|accountId|account)["']?\s*[:=]\s*["']?(\d{12})\b/i;

/** Scans apps/ and clusters/ sources (not rendered output: examples would show up there). */
export function checkLiteralAccountIds(
  manifests: readonly ManifestFile[],
  report: (message: string, file: string, line: number) => void,
): void {
  for (const { file, text } of manifests) {
    if (file === VARIABLES_FILE) continue;
    text.split("\n").forEach((line, i) => {
      if (/^\s*#/.test(line)) return;
      const arn = LITERAL_ARN.exec(line);
      const account = arn ? null : ACCOUNT_FIELD.exec(line);
      if (arn || account) {
        report(
          `${arn ? `literal ARN with account ${arn[1]}` : `literal account ID ${account?.[2]}`}: account IDs and ARNs are environment facts Terraform provides; use \${AWS_ACCOUNT_ID} or a declared ARN variable (clusters/variables.yaml)`,
          file,
          i + 1,
        );
      }
    });
  }
}
