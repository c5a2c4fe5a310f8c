/** What .edp.yaml holds once read (config-parse.ts), and the names the settings share. */
import type { Severity } from "../../model/finding.ts";

export const CONFIG_FILE = ".edp.yaml";

/** A settings file is a few lines; anything this large is not one. */
export const MAX_CONFIG_BYTES = 256 * 1024;

export const RULE_LEVELS = ["off", "warning", "error"] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** One `<rule-id>: <level>` entry, with the line it is written on. */
export interface RuleSetting {
  level: RuleLevel;
  line: number | null;
}

/** An `overrides` entry: rule levels for the files its globs match. */
export interface ConfigOverride {
  patterns: readonly string[];
  matches: (file: string) => boolean;
  rules: ReadonlyMap<string, RuleSetting>;
}

export interface ConfigProblem {
  message: string;
  line: number | null;
  column: number | null;
}

export interface EdpConfig {
  /** Repository-relative path of the settings file read, or null when there is none. */
  file: string | null;
  /** Kinds allowed without a schema: "apiVersion/Kind", "Kind" or "group/*". */
  allowKinds: Set<string>;
  /** Levels for every file. */
  rules: ReadonlyMap<string, RuleSetting>;
  /** Levels for some files; a later entry wins over an earlier one and over `rules`. */
  overrides: readonly ConfigOverride[];
  /** What is wrong with the file (reported as config/invalid); the valid rest still applies. */
  problems: readonly ConfigProblem[];
}

/** Rule ids a settings file may not name: the rules that report the settings themselves. */
export const FIXED_RULES: ReadonlySet<string> = new Set(["config/invalid"]);

export function emptyConfig(file: string | null = null): EdpConfig {
  return { file, allowKinds: new Set(), rules: new Map(), overrides: [], problems: [] };
}

/** The severity a level gives a finding, or null when the level turns the rule off. */
export function severityOf(level: RuleLevel): Severity | null {
  return level === "off" ? null : level;
}
