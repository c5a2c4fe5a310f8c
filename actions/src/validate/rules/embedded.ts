/**
 * The documents hidden in strings: ASL in StateMachine.spec.definition (asl/*) and the event
 * pattern in Rule.spec.eventPattern (eventpattern/*), plus the proof that the pattern starts a
 * run for this environment's entry points and for nothing else it uploads.
 */
import { checkStateMachineDefinition } from "../../asl/index.ts";
import {
  firstMismatch,
  matchesPattern,
  parsePattern,
  s3ObjectCreatedEvent,
  type EventPattern,
  type Mismatch,
} from "../../eventbridge/index.ts";
import type { RenderedObject } from "../../model/manifest.ts";
import { stateMachineNameFromArn } from "../../sync/targets.ts";
import { triggerPrefixes } from "../../sync/triggers.ts";
import { ofKind, spec, type EnvironmentRule, type PipelineUploads, type RuleContext } from "../context.ts";

const EVENTBRIDGE = "eventbridge.services.k8s.aws";
const SFN = "sfn.services.k8s.aws";

interface ParsedRule {
  object: RenderedObject;
  pattern: EventPattern;
  stateMachines: string[];
}

export const checkEmbeddedDocuments: EnvironmentRule = (ctx) => {
  const rules: ParsedRule[] = [];
  for (const rule of ofKind(ctx.env, EVENTBRIDGE, "Rule")) {
    const text = spec(rule).eventPattern;
    if (typeof text !== "string") continue;
    const { pattern, problems } = parsePattern(text);
    for (const p of problems) {
      ctx.report("eventpattern/invalid", p.message, rule.locate(["spec", "eventPattern", ...p.path]), rule);
    }
    if (!pattern) continue;
    const targets = Array.isArray(spec(rule).targets) ? (spec(rule).targets as { arn?: unknown }[]) : [];
    const stateMachines = targets
      .flatMap((t) => (typeof t.arn === "string" ? [stateMachineNameFromArn(t.arn)] : []))
      .filter((n): n is string => !!n);
    rules.push({ object: rule, pattern, stateMachines });
    checkTriggerProof(ctx, rule, pattern);
  }
  for (const sm of ofKind(ctx.env, SFN, "StateMachine")) {
    const definition = spec(sm).definition;
    if (typeof definition !== "string") continue;
    const name = String(spec(sm).name ?? sm.name);
    const pipeline = ctx.pipelines.find((p) =>
      rules.some((r) => r.stateMachines.includes(name) && watches(r.pattern, p.target.bucket)),
    );
    const triggering = rules.filter((r) => r.stateMachines.includes(name));
    const keys = pipeline ? pipeline.files.map((f) => f.key) : [];
    const triggerKeys = pipeline
      ? keys.filter((key) =>
          triggering.some((r) =>
            matchesPattern(r.pattern, s3ObjectCreatedEvent({ bucket: pipeline.target.bucket, key })),
          ),
        )
      : [];
    const declared = sm.unsubstituted?.().spec as { definition?: unknown } | undefined;
    const problems = checkStateMachineDefinition(definition, {
      unsubstitutedDefinition: typeof declared?.definition === "string" ? declared.definition : definition,
      bucket: pipeline?.target.bucket ?? null,
      uploadedKeys: new Set(keys),
      triggerKeys,
      sampleEvent: (key) => s3ObjectCreatedEvent({ bucket: pipeline?.target.bucket ?? "bucket", key }),
    });
    for (const p of problems) {
      ctx.report(p.rule, p.message, sm.locate(["spec", "definition", ...p.path]), sm, p.severity);
    }
  }
};

function watches(pattern: EventPattern, bucket: string): boolean {
  const names = (
    (pattern.detail as Record<string, unknown> | undefined)?.bucket as Record<string, unknown> | undefined
  )?.name as unknown;
  return Array.isArray(names) && names.includes(bucket);
}

/** Entry points must start a run; nothing else the pipeline uploads may. */
function checkTriggerProof(ctx: RuleContext, rule: RenderedObject, pattern: EventPattern): void {
  for (const pipeline of ctx.pipelines.filter((p) => watches(pattern, p.target.bucket))) {
    const bucket = pipeline.target.bucket;
    const missed = [...pipeline.entryPoints].filter(
      (key) => !matchesPattern(pattern, s3ObjectCreatedEvent({ bucket, key })),
    );
    if (missed.length > 0) {
      const why = firstMismatch(pattern, s3ObjectCreatedEvent({ bucket, key: missed[0] ?? "" }));
      ctx.report(
        "eventpattern/no-trigger",
        `an upload of ${missed.map((k) => `s3://${bucket}/${k}`).join(", ")} would not start this rule${why ? ` (${describeMismatch(why)})` : ""}: the pipeline would never run; make the pattern match the entry points' keys`,
        rule.locate(["spec", "eventPattern", "detail", "object", "key"]),
        rule,
      );
    }
    checkNonEntryPoints(ctx, rule, pattern, pipeline);
  }
}

function checkNonEntryPoints(
  ctx: RuleContext,
  rule: RenderedObject,
  pattern: EventPattern,
  pipeline: PipelineUploads,
): void {
  const bucket = pipeline.target.bucket;
  const prefixes = triggerPrefixes(pattern).filter((p) => p !== "");
  for (const file of pipeline.files) {
    if (pipeline.entryPoints.has(file.key)) continue;
    if (matchesPattern(pattern, s3ObjectCreatedEvent({ bucket, key: file.key, size: file.size }))) {
      ctx.report(
        "eventpattern/data-triggers",
        `uploading ${file.file} to s3://${bucket}/${file.key} would start Rule ${String(spec(rule).name ?? rule.name)} although it is not a Spark entry point; move it out of the trigger prefix or narrow the pattern`,
        { file: file.file, line: null },
        rule,
      );
    } else if (prefixes.some((p) => file.key.startsWith(p))) {
      ctx.report(
        "trap/non-entry-point-trigger",
        `${file.file} is synced to s3://${bucket}/${file.key}, under the trigger prefix of Rule ${String(spec(rule).name ?? rule.name)}, but is not an entry point: a wider pattern later would start runs for it; keep only entry points there`,
        { file: file.file, line: null },
        rule,
      );
    }
  }
}

function describeMismatch(m: Mismatch): string {
  return `${m.path.join(".")}: ${m.reason}`;
}
