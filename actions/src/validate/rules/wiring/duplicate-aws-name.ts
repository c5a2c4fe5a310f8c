import { BUCKET, ofKind, STATE_MACHINE } from "../../../model/ack.ts";
import type { RenderedObject } from "../../../model/manifest.ts";
import { defineRule } from "../../rule.ts";

export default defineRule({
  id: "wiring/duplicate-aws-name",
  severity: "error",
  scope: "repository",
  title: "Two environments (or two objects) create the same bucket or state machine",
  help: "Give each environment its own name in its overlay.",
  check: (ctx, report) => {
    // Bucket names are global, state machine names per account: compare across environments.
    for (const ref of [BUCKET, STATE_MACHINE]) {
      const seen = new Map<string, { env: string; o: RenderedObject }>();
      for (const env of ctx.environments) {
        for (const o of ofKind(env.objects, ref)) {
          const name = String((o.object.spec as { name?: unknown } | undefined)?.name ?? "");
          if (!name || name.includes("${")) continue;
          const first = seen.get(name);
          if (!first) {
            seen.set(name, { env: env.name, o });
            continue;
          }
          report(
            o.locate(["spec", "name"]),
            `${ref.kind} name '${name}' is also created by ${first.env === env.name ? "another object here" : `environment ${first.env}`}: both would fight over one AWS resource; give each environment its own name in its overlay`,
            o,
            { environment: env.name },
          );
        }
      }
    }
  },
});
