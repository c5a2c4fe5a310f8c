/** Runs rules by scope and turns what they report into findings under each rule's own id. */
import { resourceLabel } from "../model/manifest.ts";
import type { Finding } from "../model/finding.ts";
import type { ChangeContext, EnvironmentContext, RepositoryContext, SuppressionContext } from "./context.ts";
import type { Report, Rule } from "./rule.ts";

function reporter(findings: Finding[], rule: Rule, environment: string | null): Report {
  return (at, message, resource, options = {}) => {
    findings.push({
      rule: rule.id,
      severity: options.severity ?? rule.severity,
      message,
      file: at.file,
      line: at.line,
      column: at.line === null ? null : (at.column ?? null),
      environment: options.environment !== undefined ? options.environment : environment,
      resource: resource === null ? null : typeof resource === "string" ? resource : resourceLabel(resource),
    });
  };
}

/** Object rules over every object of the environment, then environment rules. */
export function checkEnvironment(rules: readonly Rule[], ctx: EnvironmentContext, findings: Finding[]): void {
  for (const rule of rules) {
    if (rule.scope === "object") {
      const report = reporter(findings, rule, ctx.env.name);
      for (const o of ctx.env.objects) rule.check(o, ctx, report);
    } else if (rule.scope === "environment") {
      rule.check(ctx, reporter(findings, rule, ctx.env.name));
    }
  }
}

export function checkRepository(rules: readonly Rule[], ctx: RepositoryContext, findings: Finding[]): void {
  for (const rule of rules) {
    if (rule.scope === "repository") rule.check(ctx, reporter(findings, rule, null));
  }
}

export function checkChange(rules: readonly Rule[], ctx: ChangeContext, findings: Finding[]): void {
  for (const rule of rules) {
    if (rule.scope === "change") rule.check(ctx, reporter(findings, rule, ctx.environment));
  }
}

/** The rules about the settings and suppressions themselves, after every other rule. */
export function checkSuppressions(
  rules: readonly Rule[],
  ctx: SuppressionContext,
  findings: Finding[],
): void {
  for (const rule of rules) {
    if (rule.scope === "suppression") rule.check(ctx, reporter(findings, rule, null));
  }
}
