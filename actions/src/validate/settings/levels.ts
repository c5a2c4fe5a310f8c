/**
 * The level .edp.yaml gives a rule in a file: `rules`, then each `overrides` entry whose globs
 * match the file, a later one winning (as eslint's overrides do). Which overrides match is
 * worked out once per file.
 */
import type { EdpConfig, RuleSetting } from "./types.ts";

/** The setting for a rule's findings in a file, or null when .edp.yaml says nothing about it. */
export type LevelOf = (rule: string, file: string) => RuleSetting | null;

export function createLevelOf(config: EdpConfig): LevelOf {
  if (config.rules.size === 0 && config.overrides.length === 0) return () => null;
  const byFile = new Map<string, EdpConfig["overrides"]>();
  return (rule, file) => {
    let matching = byFile.get(file);
    if (!matching) byFile.set(file, (matching = file ? config.overrides.filter((o) => o.matches(file)) : []));
    for (let i = matching.length - 1; i >= 0; i--) {
      const setting = matching[i]?.rules.get(rule);
      if (setting) return setting;
    }
    return config.rules.get(rule) ?? null;
  };
}
