/**
 * Compares the live EventBridge rules and Step Functions state machines with this commit:
 *   1. DescribeRule: the pattern and state;
 *   2. ListTargetsByRule: the same targets (live ARNs also tell us the real state machine ARNs);
 *   3. DescribeStateMachine for each target: the definition and role.
 * Differences are sentences; "does not exist yet" is a difference too (Flux may still be applying).
 */
import {
  DescribeRuleCommand,
  ListTargetsByRuleCommand,
  type EventBridgeClient,
  type Target,
} from "@aws-sdk/client-eventbridge";
import { DescribeStateMachineCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { canonicalJson, declaredMatcher, type Placeholder } from "./placeholder-matcher.ts";
import { errorName, remoteError } from "../aws/s3-objects.ts";
import { stateMachineNameFromArn } from "../targets.ts";
import type { DeclaredRule, DeclaredStateMachine } from "../types.ts";

export interface LiveState {
  differences: string[];
  /** Declared state machine name → live ARN (from the live rule targets). */
  stateMachineArns: Map<string, string>;
}

export interface LiveClients {
  sfn: SFNClient;
  eventbridge: EventBridgeClient;
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
  let live;
  try {
    live = await clients.eventbridge.send(
      new DescribeRuleCommand({ Name: rule.name, EventBusName: rule.eventBusName }),
    );
  } catch (error) {
    if (errorName(error) === "ResourceNotFoundException") return differ("does not exist yet");
    throw remoteError(`describe EventBridge rule ${rule.name}`, error);
  }
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

  const targets = await listTargets(clients.eventbridge, rule);
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

async function listTargets(eventbridge: EventBridgeClient, rule: DeclaredRule): Promise<Target[]> {
  const targets: Target[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await eventbridge.send(
        new ListTargetsByRuleCommand({ Rule: rule.name, EventBusName: rule.eventBusName, NextToken: token }),
      );
      targets.push(...(page.Targets ?? []));
      token = page.NextToken;
    } while (token);
  } catch (error) {
    throw remoteError(`list targets of EventBridge rule ${rule.name}`, error);
  }
  return targets;
}

async function compareStateMachine(
  sfn: SFNClient,
  name: string,
  arn: string,
  declared: DeclaredStateMachine | undefined,
  placeholders: readonly Placeholder[],
  result: LiveState,
): Promise<void> {
  const differ = (text: string): void => void result.differences.push(`StateMachine ${name}: ${text}`);
  if (!declared) return differ("is a rule target but this environment does not declare it");
  let live;
  try {
    live = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  } catch (error) {
    if (errorName(error) === "StateMachineDoesNotExist") return differ("does not exist yet");
    throw remoteError(`describe state machine ${arn}`, error);
  }
  const sameDefinition = declaredMatcher(
    canonicalJson(declared.definition),
    placeholders,
  )(canonicalJson(live.definition ?? ""));
  if (!sameDefinition) differ("live definition differs from this commit");
  if (declared.roleArn && !declaredMatcher(declared.roleArn, placeholders)(live.roleArn ?? "")) {
    differ("live role differs from this commit");
  }
}
