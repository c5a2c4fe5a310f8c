/**
 * Which uploads start a run. The answer comes from the project's EventBridge pattern matcher
 * applied to the S3 "Object Created" event an upload produces, so the plan and EventBridge
 * agree by construction; prefixes are only used to protect the trigger area from deletes.
 */
import { matchesPattern } from "../eventbridge/match.ts";
import { s3ObjectCreatedEvent } from "../eventbridge/s3-event.ts";
import type { DeclaredRule, MatchableRule } from "./types.ts";

export interface TriggerMatch {
  /** Some declared rule (enabled or not) matches: the key belongs in the trigger phase. */
  trigger: boolean;
  /** State machines that an upload starts (enabled rules only), sorted, unique. */
  stateMachines: string[];
  /** Rules that match, enabled or not. */
  rules: MatchableRule[];
}

export function createTriggerMatcher(
  rules: readonly MatchableRule[],
  bucket: string,
): (key: string, size: number) => TriggerMatch {
  return (key, size) => {
    const event = s3ObjectCreatedEvent({ bucket, key, size });
    const matching = rules.filter((rule) => matchesPattern(rule.pattern, event));
    const names = new Set(matching.filter((r) => r.enabled).flatMap((r) => r.stateMachines));
    return { trigger: matching.length > 0, stateMachines: [...names].sort(), rules: matching };
  };
}

/** True when a key lies under one of the rules' trigger prefixes (deletes there need consent). */
export function underTriggerPrefix(rules: readonly DeclaredRule[], bucket: string, key: string): boolean {
  return rules.some(
    (rule) => watchesBucket(rule, bucket) && rule.triggerPrefixes.some((p) => key.startsWith(p)),
  );
}

function watchesBucket(rule: DeclaredRule, bucket: string): boolean {
  const names = pick(rule.pattern, ["detail", "bucket", "name"]);
  if (names === undefined) return true;
  return !Array.isArray(names) || names.some((n) => typeof n !== "string" || n === bucket);
}

/**
 * Key prefixes a pattern can match, read from detail.object.key: a literal key or a `prefix`
 * gives itself, a `wildcard` gives the text before its first `*`, anything else (suffix,
 * anything-but, $or, no key filter) gives "" — every key — to stay on the safe side.
 */
export function triggerPrefixes(pattern: Record<string, unknown>): string[] {
  if (JSON.stringify(pattern).includes('"$or"')) return [""];
  const values = pick(pattern, ["detail", "object", "key"]);
  if (!Array.isArray(values)) return [""];
  const prefixes = values.map((v): string => {
    if (typeof v === "string") return v;
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      const op = v as Record<string, unknown>;
      if (typeof op.prefix === "string") return op.prefix;
      if (typeof op.wildcard === "string") return op.wildcard.split("*")[0] ?? "";
    }
    return "";
  });
  return [...new Set(prefixes)].sort();
}

function pick(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const part of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
