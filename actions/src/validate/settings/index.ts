/** The repository's settings (.edp.yaml) and inline suppressions, applied at the end of a run. */
export { loadConfig } from "./config.ts";
export { parseConfig } from "./config-parse.ts";
export { findDirectives, DIRECTIVE_MARK, type Directive } from "./directives.ts";
export { settleFindings, type SettleInput, type Settled } from "./settle.ts";
export {
  CONFIG_FILE,
  emptyConfig,
  RULE_LEVELS,
  type ConfigProblem,
  type EdpConfig,
  type RuleLevel,
} from "./types.ts";
