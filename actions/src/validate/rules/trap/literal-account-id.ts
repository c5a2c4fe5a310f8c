import { VARIABLES_FILE } from "../../../render/variables.ts";
import { defineRule } from "../../rule.ts";

/**
 * A literal ARN with an account ID, or a bare 12-digit account ID, in a manifest. The other
 * segments may be templated (`arn:${PARTITION}:sqs:${AWS_REGION}:123456789012:…`): a typed
 * account is as wrong beside a substituted region as in a fully literal ARN.
 */
const SEGMENT = String.raw`(?:[a-z0-9-]*|\$\{[A-Za-z_][A-Za-z0-9_]*(?::=[^}]*)?\})`;
const LITERAL_ARN = new RegExp(
  String.raw`arn:(?:aws[a-z-]*|\$\{[A-Za-z_][A-Za-z0-9_]*\}):${SEGMENT}:${SEGMENT}:(\d{12}):`,
);
const ACCOUNT_FIELD = /(account[-_]?id|accountId|account)["']?\s*[:=]\s*["']?(\d{12})\b/i;

export default defineRule({
  id: "trap/literal-account-id",
  severity: "error",
  scope: "repository",
  title: "A literal AWS account ID or ARN where a variable belongs",
  help: "Use ${AWS_ACCOUNT_ID} or the declared ARN variable instead.",
  // Scans apps/ and clusters/ sources, not rendered output: examples would show up there.
  check: (ctx, report) => {
    for (const { file, text } of ctx.manifests()) {
      if (file === VARIABLES_FILE) continue;
      text.split("\n").forEach((line, i) => {
        if (/^\s*#/.test(line)) return;
        const arn = LITERAL_ARN.exec(line);
        const account = arn ? null : ACCOUNT_FIELD.exec(line);
        const hit = arn ?? account;
        if (!hit) return;
        report(
          { file, line: i + 1, column: hit.index + 1 },
          `${arn ? `literal ARN with account ${arn[1]}` : `literal account ID ${account?.[2]}`}: account IDs and ARNs are environment facts Terraform provides; use \${AWS_ACCOUNT_ID} or a declared ARN variable (clusters/variables.yaml)`,
          null,
        );
      });
    }
  },
});
