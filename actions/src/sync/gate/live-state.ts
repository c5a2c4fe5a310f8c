/**
 * Gate 3, just before the trigger phase: the live rules and state machines equal this commit
 * (waiting while Flux reconciles). Compares the live EventBridge rules and Step Functions state machines with this commit:
 *   1. the rule's pattern and state;
 *   2. its targets (live ARNs also tell us the real state machine ARNs);
 *   3. each target state machine's definition and role.
 * Differences are sentences; "does not exist yet" is a difference too (Flux may still be applying).
 */
import {
  describeRule,
  describeStateMachine,
  listRuleTargets,
  type LiveClients,
} from "../aws/live-resources.ts";
import { canonicalJson, declaredMatcher, loadPlaceholders, type Placeholder } from "./placeholder-matcher.ts";
import type { StageResult } from "../outcome.ts";
import { waitOptions, type SyncSettings, type WaitOptions } from "../settings.ts";
import { stateMachineNameFromArn } from "../../pipeline/arn.ts";
import type { DeclaredRule, DeclaredStateMachine, Pipeline, PlanEntry, ReadyCheck } from "../types.ts";

export type { LiveClients };

/**
 * Waits for the rules the trigger objects match (and their state machines) to equal this commit;
 * with enforce false (--no-wait) looks once. Returns the live state machine ARNs either way.
 */
export async function gateLiveState(
  clients: LiveClients,
  target: Pipeline,
  triggers: readonly PlanEntry[],
  options: { repoRoot: string; enforce: boolean },
  settings: SyncSettings,
): Promise<StageResult & { stateMachineArns: Map<string, string> }> {
  const ruleNames = new Set(triggers.flatMap((e) => e.rules));
  const live = await waitForLiveState({
    ...waitOptions(settings, settings.waitMs),
    clients,
    rules: target.rules.filter((r) => ruleNames.has(r.name)),
    stateMachines: target.stateMachines,
    placeholders: await loadPlaceholders(options.repoRoot),
    enforce: options.enforce,
  });
  return {
    checks: [live.check],
    errors: live.check.ok ? [] : [live.check.detail],
    stateMachineArns: live.stateMachineArns,
  };
}

export interface LiveStateWait extends WaitOptions {
  clients: LiveClients;
  rules: readonly DeclaredRule[];
  stateMachines: ReadonlyMap<string, DeclaredStateMachine>;
  placeholders: readonly Placeholder[];
  /** false (--no-wait): look once for the live ARNs, never fail on differences. */
  enforce: boolean;
}

export async function waitForLiveState(
  options: LiveStateWait,
): Promise<{ check: ReadyCheck; stateMachineArns: Map<string, string> }> {
  const { clock } = options;
  const deadline = clock.now() + options.timeoutMs;
  for (;;) {
    const live = await readLiveState(
      options.clients,
      options.rules,
      options.stateMachines,
      options.placeholders,
    );
    if (!options.enforce) {
      const note = live.differences.length
        ? ` (differences not checked: ${live.differences.join("; ")})`
        : "";
      return {
        check: { name: "live-state", ok: true, detail: `skipped (--no-wait)${note}` },
        stateMachineArns: live.stateMachineArns,
      };
    }
    if (live.differences.length === 0) {
      const names = options.rules.map((r) => r.name).join(", ");
      return {
        check: {
          name: "live-state",
          ok: true,
          detail: `live rules and state machines equal this commit (${names})`,
        },
        stateMachineArns: live.stateMachineArns,
      };
    }
    if (clock.now() >= deadline) {
      return {
        check: {
          name: "live-state",
          ok: false,
          detail:
            `after ${Math.round(options.timeoutMs / 1000)} s the live state still differs from this commit: ` +
            `${live.differences.join("; ")}. Has Flux reconciled this commit? ('flux get kustomizations')`,
        },
        stateMachineArns: live.stateMachineArns,
      };
    }
    options.progress.message(`waiting for Flux: ${live.differences[0]}`);
    await clock.sleep(options.pollMs);
  }
}

export interface LiveState {
  differences: string[];
  /** Declared state machine name → live ARN (from the live rule targets). */
  stateMachineArns: Map<string, string>;
}

export async function readLiveState(
  clients: LiveClients,
  rules: readonly DeclaredRule[],
  stateMachines: ReadonlyMap<string, DeclaredStateMachine>,
  placeholders: readonly Placeholder[],
): Promise<LiveState> {
  const result: LiveState = { differences: [], stateMachineArns: new Map() };
  for (const rule of rules) await compareRule(clients, rule, stateMachines, placeholders, result);
  return result;
}

async function compareRule(
  clients: LiveClients,
  rule: DeclaredRule,
  stateMachines: ReadonlyMap<string, DeclaredStateMachine>,
  placeholders: readonly Placeholder[],
  result: LiveState,
): Promise<void> {
  const differ = (text: string): void => void result.differences.push(`Rule ${rule.name}: ${text}`);
  const live = await describeRule(clients.eventbridge, rule.name, rule.eventBusName);
  if (!live) return differ("does not exist yet");
  const samePattern = declaredMatcher(
    canonicalJson(rule.patternText),
    placeholders,
  )(canonicalJson(live.EventPattern ?? ""));
  if (!samePattern) differ("live event pattern differs from this commit");
  const liveEnabled = (live.State ?? "").startsWith("ENABLED");
  if (liveEnabled !== rule.enabled)
    differ(
      `live state is ${live.State ?? "unknown"}, this commit says ${rule.enabled ? "ENABLED" : "DISABLED"}`,
    );

  const targets = await listRuleTargets(clients.eventbridge, rule.name, rule.eventBusName);
  const unmatched = new Set(targets);
  for (const declaredArn of rule.targetArns) {
    const matches = declaredMatcher(declaredArn, placeholders);
    const target = [...unmatched].find((t) => t.Arn !== undefined && matches(t.Arn));
    if (!target?.Arn) {
      differ(`no live target matches ${declaredArn}`);
      continue;
    }
    unmatched.delete(target);
    const name = stateMachineNameFromArn(declaredArn);
    if (name === null) continue;
    result.stateMachineArns.set(name, target.Arn);
    await compareStateMachine(clients.sfn, name, target.Arn, stateMachines.get(name), placeholders, result);
  }
  for (const extra of unmatched) differ(`live target ${extra.Arn ?? extra.Id ?? "?"} is not in this commit`);
}

async function compareStateMachine(
  sfn: LiveClients["sfn"],
  name: string,
  arn: string,
  declared: DeclaredStateMachine | undefined,
  placeholders: readonly Placeholder[],
  result: LiveState,
): Promise<void> {
  const differ = (text: string): void => void result.differences.push(`StateMachine ${name}: ${text}`);
  if (!declared) return differ("is a rule target but this environment does not declare it");
  const live = await describeStateMachine(sfn, arn);
  if (!live) return differ("does not exist yet");
  const sameDefinition = declaredMatcher(
    canonicalJson(declared.definition),
    placeholders,
  )(canonicalJson(live.definition ?? ""));
  if (!sameDefinition) differ("live definition differs from this commit");
  if (declared.roleArn && !declaredMatcher(declared.roleArn, placeholders)(live.roleArn ?? "")) {
    differ("live role differs from this commit");
  }
}
