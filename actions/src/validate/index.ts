/** `edp validate` as a library: render, discover pipelines, run the rules, return findings. */
export { validateRepository, type ValidateDeps, type ValidateOptions } from "./validate-repository.ts";
export { RULES, RULE_CATALOG, RULES_BY_ID, isRuleId, type RuleId, type RuleInfo } from "./catalog.ts";
export { listEnvironments, type RenderResult } from "../render/index.ts";
