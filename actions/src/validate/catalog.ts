/**
 * Every rule `edp validate` runs, from the families' lists. The catalog, the SARIF rule table,
 * docs/rules.md and the README's rule table are derived from RULES; RuleId is the union of every
 * id, so naming an id no module declares does not compile.
 */
import type { Severity } from "../model/finding.ts";
import { aslRules } from "./rules/asl/index.ts";
import { awsRules } from "./rules/aws/index.ts";
import { configRules } from "./rules/config/index.ts";
import { eventPatternRules } from "./rules/eventpattern/index.ts";
import { fluxRules } from "./rules/flux/index.ts";
import { renderRules } from "./rules/render/index.ts";
import { schemaRules } from "./rules/schema/index.ts";
import { trapRules } from "./rules/trap/index.ts";
import { varsRules } from "./rules/vars/index.ts";
import { wiringRules } from "./rules/wiring/index.ts";
import { yamlRules } from "./rules/yaml/index.ts";
import { ruleDocsPath, type RuleScope } from "./rule.ts";

export const RULES = [
  ...yamlRules,
  ...renderRules,
  ...varsRules,
  ...fluxRules,
  ...schemaRules,
  ...awsRules,
  ...aslRules,
  ...eventPatternRules,
  ...wiringRules,
  ...trapRules,
  ...configRules,
] as const;

export type RuleId = (typeof RULES)[number]["id"];

/** What reporters need of a rule. */
export interface RuleInfo {
  id: RuleId;
  severity: Severity;
  scope: RuleScope;
  /** One line: what is wrong. */
  description: string;
  /** What to do about it. */
  help: string;
  /** Repository-relative documentation link (docs/rules.md#anchor). */
  docs: string;
}

export const RULE_CATALOG: readonly RuleInfo[] = RULES.map((r) => ({
  id: r.id,
  severity: r.severity,
  scope: r.scope,
  description: r.title,
  help: r.help,
  docs: ruleDocsPath(r.id),
}));

export const RULES_BY_ID: ReadonlyMap<string, RuleInfo> = new Map(RULE_CATALOG.map((r) => [r.id, r]));

export function isRuleId(id: string): id is RuleId {
  return RULES_BY_ID.has(id);
}
