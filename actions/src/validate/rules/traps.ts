/** trap/*: known ways a pipeline silently stops running. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { VARIABLES_FILE } from "../../render/variables.ts";
import { ofKind, spec, type EnvironmentRule } from "../context.ts";
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
const SCANNED = /\.(ya?ml|json)$/;

/** Scans apps/ and clusters/ sources (not rendered output: examples would show up there). */
export function checkLiteralAccountIds(
  repoRoot: string,
  report: (message: string, file: string, line: number) => void,
): void {
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(path.join(repoRoot, dir));
    } catch {
      return;
    }
    for (const entry of entries.sort()) {
      if (entry.startsWith(".") || entry === "node_modules") continue;
      const rel = `${dir}/${entry}`;
      const full = path.join(repoRoot, rel);
      const info = statSync(full);
      if (info.isDirectory()) walk(rel);
      else if (SCANNED.test(entry) && rel !== VARIABLES_FILE && info.size < 4 * 1024 * 1024) {
        readFileSync(full, "utf8")
          .split("\n")
          .forEach((text, i) => {
            if (/^\s*#/.test(text)) return;
            const arn = LITERAL_ARN.exec(text);
            const account = arn ? null : ACCOUNT_FIELD.exec(text);
            if (arn || account) {
              report(
                `${arn ? `literal ARN with account ${arn[1]}` : `literal account ID ${account?.[2]}`}: account IDs and ARNs are environment facts Terraform provides; use \${AWS_ACCOUNT_ID} or a declared ARN variable (clusters/variables.yaml)`,
                rel,
                i + 1,
              );
            }
          });
      }
    }
  };
  walk("apps");
  walk("clusters");
}
