/**
 * One check of each StateMachine's definition per run, shared by asl/invalid and asl/emr-task:
 * the ASL validator and the EMR task evaluation against the pipeline whose rule starts it.
 */
import { checkStateMachineDefinition, type AslProblem } from "../../../asl/index.ts";
import { matchesPattern, s3ObjectCreatedEvent } from "../../../eventbridge/index.ts";
import { specOf, STATE_MACHINE, isKind } from "../../../model/ack.ts";
import type { RenderedObject } from "../../../model/manifest.ts";
import type { EnvironmentContext } from "../../context.ts";
import { patternRules } from "../eventpattern/watched.ts";

const checked = new WeakMap<RenderedObject, AslProblem[]>();

/**
 * The rule that reports each kind of ASL problem: a new kind fails to compile until mapped, and
 * a test holds every value to a declared rule id.
 */
export const ASL_PROBLEM_RULE = {
  definition: "asl/invalid",
  "emr-task": "asl/emr-task",
} as const satisfies Record<AslProblem["kind"], string>;

/** The state machines with a definition to check, and their problems. */
export function definitionProblems(
  ctx: EnvironmentContext,
): { sm: RenderedObject; problems: AslProblem[] }[] {
  return ctx.env.objects
    .filter((o) => isKind(o, STATE_MACHINE) && typeof specOf(o).definition === "string")
    .map((sm) => {
      let problems = checked.get(sm);
      if (!problems) {
        problems = check(ctx, sm);
        checked.set(sm, problems);
      }
      return { sm, problems };
    });
}

function check(ctx: EnvironmentContext, sm: RenderedObject): AslProblem[] {
  const definition = specOf(sm).definition as string;
  const name = String(specOf(sm).name ?? sm.name);
  const triggering = patternRules(ctx).filter((r) => r.stateMachines.includes(name));
  const pipeline = ctx.pipelines.find((p) => triggering.some((r) => r.buckets.includes(p.target.bucket)));
  const keys = pipeline ? pipeline.files.map((f) => f.key) : [];
  const triggerKeys = pipeline
    ? keys.filter((key) =>
        triggering.some((r) =>
          matchesPattern(r.pattern, s3ObjectCreatedEvent({ bucket: pipeline.target.bucket, key })),
        ),
      )
    : [];
  const declared = sm.unsubstituted?.().spec as { definition?: unknown } | undefined;
  return checkStateMachineDefinition(definition, {
    unsubstitutedDefinition: typeof declared?.definition === "string" ? declared.definition : definition,
    bucket: pipeline?.target.bucket ?? null,
    uploadedKeys: new Set(keys),
    triggerKeys,
    sampleEvent: (key) => s3ObjectCreatedEvent({ bucket: pipeline?.target.bucket ?? "bucket", key }),
  });
}
