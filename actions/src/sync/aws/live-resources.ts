/**
 * Reads of the live EventBridge rules and Step Functions state machines (gate/live-state.ts
 * compares them with this commit). A resource that does not exist yet is null, not an error:
 * Flux may still be applying it.
 */
import {
  DescribeRuleCommand,
  ListTargetsByRuleCommand,
  type DescribeRuleCommandOutput,
  type EventBridgeClient,
  type Target,
} from "@aws-sdk/client-eventbridge";
import {
  DescribeStateMachineCommand,
  type DescribeStateMachineCommandOutput,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import { errorName, remoteError } from "./errors.ts";

export interface LiveClients {
  sfn: SFNClient;
  eventbridge: EventBridgeClient;
}

export async function describeRule(
  eventbridge: EventBridgeClient,
  name: string,
  eventBusName: string,
): Promise<DescribeRuleCommandOutput | null> {
  try {
    return await eventbridge.send(new DescribeRuleCommand({ Name: name, EventBusName: eventBusName }));
  } catch (error) {
    if (errorName(error) === "ResourceNotFoundException") return null;
    throw remoteError(`describe EventBridge rule ${name}`, error);
  }
}

export async function listRuleTargets(
  eventbridge: EventBridgeClient,
  name: string,
  eventBusName: string,
): Promise<Target[]> {
  const targets: Target[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await eventbridge.send(
        new ListTargetsByRuleCommand({ Rule: name, EventBusName: eventBusName, NextToken: token }),
      );
      targets.push(...(page.Targets ?? []));
      token = page.NextToken;
    } while (token);
  } catch (error) {
    throw remoteError(`list targets of EventBridge rule ${name}`, error);
  }
  return targets;
}

export async function describeStateMachine(
  sfn: SFNClient,
  arn: string,
): Promise<DescribeStateMachineCommandOutput | null> {
  try {
    return await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  } catch (error) {
    if (errorName(error) === "StateMachineDoesNotExist") return null;
    throw remoteError(`describe state machine ${arn}`, error);
  }
}
