/**
 * What a rule is: one module exporting `defineRule({...})` with a stable id, its severity, a
 * title, help with a documentation link, its scope and its check. The scope says what the check
 * is given:
 *  - object: one rendered object at a time, with its environment;
 *  - environment: one rendered environment, its pipelines and what they upload;
 *  - repository: every rendered environment, the render's problems and the manifest sources;
 *  - change: one environment before and after a change (for `edp diff`);
 *  - suppression: the settings (.edp.yaml) and the `# edp:ignore` comments, once every other
 *    rule has reported and the suppressions are applied.
 * A check never names a rule id: `report` files the finding under the rule's own id, so an id
 * exists exactly when a module declares it (see catalog.ts for the union type of all ids).
 */
import type { Severity } from "../model/finding.ts";
import type { RenderedObject, SourceLocation } from "../model/manifest.ts";
import type { ChangeContext, EnvironmentContext, RepositoryContext, SuppressionContext } from "./context.ts";

export type RuleScope = "object" | "environment" | "repository" | "change" | "suppression";

export interface ReportOptions {
  /** Overrides the rule's default severity for this finding. */
  severity?: Severity;
  /** For repository and change rules: the environment the finding belongs to (default none). */
  environment?: string | null;
}

/** Files a finding under the calling rule's id. */
export type Report = (
  at: SourceLocation,
  message: string,
  resource: RenderedObject | string | null,
  options?: ReportOptions,
) => void;

interface RuleInfo<Id extends string> {
  /** Stable kebab-case `family/name`; renaming one is a breaking change. */
  id: Id;
  severity: Severity;
  /** One line: what is wrong when the rule fires. */
  title: string;
  /** What to do about it. */
  help: string;
}

export interface ObjectRule<Id extends string = string> extends RuleInfo<Id> {
  scope: "object";
  check: (object: RenderedObject, ctx: EnvironmentContext, report: Report) => void;
}

export interface EnvironmentRule<Id extends string = string> extends RuleInfo<Id> {
  scope: "environment";
  check: (ctx: EnvironmentContext, report: Report) => void;
}

export interface RepositoryRule<Id extends string = string> extends RuleInfo<Id> {
  scope: "repository";
  check: (ctx: RepositoryContext, report: Report) => void;
}

export interface ChangeRule<Id extends string = string> extends RuleInfo<Id> {
  scope: "change";
  check: (ctx: ChangeContext, report: Report) => void;
}

export interface SuppressionRule<Id extends string = string> extends RuleInfo<Id> {
  scope: "suppression";
  check: (ctx: SuppressionContext, report: Report) => void;
}

export type Rule<Id extends string = string> =
  ObjectRule<Id> | EnvironmentRule<Id> | RepositoryRule<Id> | ChangeRule<Id> | SuppressionRule<Id>;

/** Keeps the id's literal type, so the catalog can derive the union of every id. */
export function defineRule<const Id extends string, R extends Rule<Id>>(rule: R & { id: Id }): R {
  return rule;
}

/** Where a rule is documented (docs/rules.md, generated from the catalog). */
export function ruleDocsPath(id: string): string {
  return `docs/rules.md#${ruleAnchor(id)}`;
}

export function ruleAnchor(id: string): string {
  return id.replace(/[^a-z0-9]+/g, "-");
}
