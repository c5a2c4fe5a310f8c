/**
 * Reads the text of .edp.yaml into settings, checking its shape as it goes: unknown keys,
 * unknown rule ids, bad levels and bad globs are problems at their line and column, each saying
 * what to write instead. What is valid still applies; what is not is left out.
 */
import { Minimatch } from "minimatch";
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from "yaml";
import { parseSource, type SourceFile } from "../../render/yaml-source.ts";
import { nearest } from "../../schemas/violations.ts";
import {
  CONFIG_FILE,
  emptyConfig,
  FIXED_RULES,
  RULE_LEVELS,
  type ConfigOverride,
  type ConfigProblem,
  type EdpConfig,
  type RuleLevel,
  type RuleSetting,
} from "./types.ts";

const TOP_KEYS = ["allowKinds", "rules", "overrides"] as const;
const OVERRIDE_KEYS = ["files", "rules"] as const;
/** A glob longer than this is not a path pattern (and keeps matching cheap). */
const MAX_GLOB_LENGTH = 1024;
/** minimatch's expansion of `{a,b}` sets, bounded: a pattern cannot multiply into thousands. */
const BRACE_EXPAND_MAX = 64;

class Reader {
  readonly problems: ConfigProblem[] = [];
  constructor(
    private readonly source: SourceFile,
    private readonly ruleIds: readonly string[],
  ) {}

  problem(node: unknown, message: string): void {
    const { line, column } = this.at(node);
    this.problems.push({ message, line, column });
  }

  at(node: unknown): { line: number | null; column: number | null } {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (!range) return { line: null, column: null };
    const { line, col } = this.source.lineCounter.linePos(range[0]);
    return { line, column: col };
  }

  /** A map's entries with string keys; anything else is a problem. */
  entries(node: Node | null, where: string, what: string): { key: string; pair: Pair }[] | null {
    if (isAlias(node)) {
      this.problem(node, `${where}: aliases are not allowed; write the value out`);
      return null;
    }
    if (!isMap(node)) {
      this.problem(node, `${where} must be a mapping of ${what}`);
      return null;
    }
    const out: { key: string; pair: Pair }[] = [];
    for (const pair of (node as YAMLMap).items) {
      const key = isScalar(pair.key) ? pair.key.value : null;
      if (typeof key !== "string") {
        this.problem(pair.key ?? node, `${where}: keys must be plain names, not ${describe(pair.key)}`);
        continue;
      }
      out.push({ key, pair });
    }
    return out;
  }

  /** A list of strings (a single string is a list of one), or null after a problem. */
  strings(node: Node | null, where: string, example: string): { value: string; node: Node }[] | null {
    if (isScalar(node) && typeof node.value === "string") return [{ value: node.value, node }];
    if (!isSeq(node)) {
      this.problem(node, `${where} must be a list of strings, e.g. ${example}`);
      return null;
    }
    const out: { value: string; node: Node }[] = [];
    for (const item of node.items) {
      if (isScalar(item) && typeof item.value === "string") out.push({ value: item.value, node: item });
      else
        this.problem(item, `${where}: each entry must be a string, e.g. ${example}; got ${describe(item)}`);
    }
    return out;
  }

  unknownKey(pair: Pair, key: string, where: string, allowed: readonly string[]): void {
    const guess = key.length <= 64 ? nearest(key, allowed) : null;
    this.problem(
      pair.key,
      `unknown key '${clip(key)}'${where}` +
        (guess ? `; did you mean '${guess}'?` : `; the keys here are ${allowed.join(", ")}`),
    );
  }

  /** `<rule-id>: off | warning | error` entries. */
  rules(node: Node | null, where: string): Map<string, RuleSetting> {
    const out = new Map<string, RuleSetting>();
    for (const { key, pair } of this.entries(node, where, "rule ids to off, warning or error") ?? []) {
      if (FIXED_RULES.has(key)) {
        this.problem(pair.key, `${key} reports this file itself and cannot be turned off or changed`);
        continue;
      }
      if (!this.ruleIds.includes(key)) {
        const guess = key.length <= 64 ? nearest(key, this.ruleIds) : null;
        this.problem(
          pair.key,
          `unknown rule '${clip(key)}' in ${where}` +
            (guess ? `; did you mean '${guess}'?` : "; the rule ids are listed in docs/rules.md"),
        );
        continue;
      }
      const value = pair.value as Node | null;
      const level = isScalar(value) ? value.value : undefined;
      if (typeof level !== "string" || !(RULE_LEVELS as readonly string[]).includes(level)) {
        this.problem(
          value ?? pair.key,
          `${key}: ${describe(value)} is not a level; write off, warning or error`,
        );
        continue;
      }
      out.set(key, { level: level as RuleLevel, line: this.at(pair.key).line });
    }
    return out;
  }

  override(node: Node | null, index: number): ConfigOverride | null {
    const where = `overrides[${index}]`;
    const entries = this.entries(node, where, "files and rules");
    if (!entries) return null;
    let patterns: string[] | null = null;
    let rules: Map<string, RuleSetting> | null = null;
    const matchers: Minimatch[] = [];
    for (const { key, pair } of entries) {
      const value = pair.value as Node | null;
      if (key === "files") {
        const globs = this.strings(value, `${where}.files`, `["apps/legacy-*/**"]`) ?? [];
        patterns = [];
        for (const glob of globs) {
          const matcher = this.glob(glob.value, glob.node, `${where}.files`);
          if (!matcher) continue;
          patterns.push(glob.value);
          matchers.push(matcher);
        }
      } else if (key === "rules") {
        rules = this.rules(value, `${where}.rules`);
      } else {
        this.unknownKey(pair, key, ` in ${where}`, OVERRIDE_KEYS);
      }
    }
    if (patterns === null || rules === null) {
      this.problem(node, `${where} needs both files (globs) and rules`);
      return null;
    }
    if (patterns.length === 0) return null;
    return { patterns, matches: (file) => matchers.some((m) => m.match(file)), rules };
  }

  glob(pattern: string, node: Node, where: string): Minimatch | null {
    if (pattern.length === 0 || pattern.length > MAX_GLOB_LENGTH) {
      this.problem(node, `${where}: a glob must have 1 to ${MAX_GLOB_LENGTH} characters`);
      return null;
    }
    if (pattern.startsWith("/") || /^[A-Za-z]:/.test(pattern) || pattern.split("/").includes("..")) {
      this.problem(
        node,
        `${where}: '${clip(pattern)}' is not repository-relative; write it from the repository root, e.g. apps/taxi-trips/**`,
      );
      return null;
    }
    if (pattern.startsWith("!")) {
      this.problem(
        node,
        `${where}: '${clip(pattern)}': negated globs are not supported; list the files to match`,
      );
      return null;
    }
    try {
      return new Minimatch(pattern.replace(/^\.\//, ""), {
        dot: true,
        nonegate: true,
        nocomment: true,
        braceExpandMax: BRACE_EXPAND_MAX,
      });
    } catch (error) {
      this.problem(node, `${where}: '${clip(pattern)}' is not a glob (${(error as Error).message})`);
      return null;
    }
  }
}

export function parseConfig(text: string, ruleIds: readonly string[]): EdpConfig {
  const config = emptyConfig(CONFIG_FILE);
  const source = parseSource(CONFIG_FILE, text);
  if (source.problems.length > 0) {
    // A file that does not parse applies nothing: half a settings file is worse than none.
    const problems = source.problems.map((p) => ({
      message: `${p.message}; nothing in the file was applied`,
      line: p.line,
      column: p.column,
    }));
    return { ...config, problems };
  }
  const reader = new Reader(source, ruleIds);
  const [first, second] = source.documents;
  if (second) {
    reader.problem(second.doc.contents ?? second.doc, "holds more than one YAML document; keep one mapping");
    return { ...config, problems: reader.problems };
  }
  const root = (first?.doc.contents ?? null) as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) return config;

  let rules: ReadonlyMap<string, RuleSetting> = config.rules;
  const overrides: ConfigOverride[] = [];
  const allowKinds = new Set<string>();
  const top = reader.entries(root, "the file", `${TOP_KEYS.join(", ")}`) ?? [];
  for (const { key, pair } of top) {
    const value = pair.value as Node | null;
    if (key === "allowKinds") {
      const kinds = reader.strings(value, "allowKinds", `["apps/v1/Deployment", "Deployment", "apps/*"]`);
      for (const k of kinds ?? []) allowKinds.add(k.value);
    } else if (key === "rules") {
      rules = reader.rules(value, "rules");
    } else if (key === "overrides") {
      if (!isSeq(value)) {
        reader.problem(value ?? pair.key, "overrides must be a list of {files, rules} entries");
        continue;
      }
      value.items.forEach((item, i) => {
        const o = reader.override(item as Node | null, i);
        if (o) overrides.push(o);
      });
    } else {
      reader.unknownKey(pair, key, "", TOP_KEYS);
    }
  }
  return { file: CONFIG_FILE, allowKinds, rules, overrides, problems: reader.problems };
}

function describe(node: unknown): string {
  if (node === null || node === undefined) return "nothing";
  if (isScalar(node)) {
    const v = node.value;
    return v === null ? "null" : typeof v === "string" ? `'${clip(v)}'` : `${typeof v} ${String(v)}`;
  }
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isAlias(node)) return "an alias";
  return "a value of another kind";
}

/** Echoes of the input stay short: it is the pull request's text. */
function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").replace(/\p{Cc}/gu, "?");
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}
