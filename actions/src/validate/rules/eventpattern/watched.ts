/** The rules of an environment with a parsed pattern, and the pipelines whose bucket each watches. */
import type { EventPattern } from "../../../eventbridge/index.ts";
import type { DeclaredRule, PipelineUploads } from "../../../pipeline/index.ts";
import type { EnvironmentContext } from "../../context.ts";

export type PatternRule = DeclaredRule & { pattern: EventPattern };

/** Rules whose spec.eventPattern is a string holding a JSON object (checked or not). */
export function patternRules(ctx: EnvironmentContext): PatternRule[] {
  return ctx.declared.rules.filter((r): r is PatternRule => r.pattern !== null);
}

export function watchedPipelines(ctx: EnvironmentContext, rule: DeclaredRule): PipelineUploads[] {
  return ctx.pipelines.filter((p) => rule.buckets.includes(p.target.bucket));
}
