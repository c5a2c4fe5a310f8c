// Types for the asl-validator 4.0.0 modules we import directly (the package ships no .d.ts).
// Only what asl-validator.ts uses is declared; shapes follow dist/src/*.js.

declare module "asl-validator/dist/src/types.js" {
  export const StateMachineErrorCode: {
    readonly BranchOutboundTransitionTarget: "BRANCH_OUTBOUND_TRANSITION_TARGET";
    readonly DuplicateStateNames: "DUPLICATE_STATE_NAMES";
    readonly DuplicateFieldName: "DUPLICATE_FIELD_NAME";
    readonly MapOutboundTransitionTarget: "MAP_OUTBOUND_TRANSITION_TARGET";
    readonly MissingTerminalState: "MISSING_TERMINAL_STATE";
    readonly MissingTransitionTarget: "MISSING_TRANSITION_TARGET";
    readonly SchemaValidationFailed: "SCHEMA_VALIDATION_FAILED";
    readonly TerminalStateWithNextError: "TERMINAL_STATE_WITH_NEXT";
    readonly WaitDurationError: "WAIT_DURATION";
    readonly TaskTimeoutError: "TASK_TIMEOUT";
    readonly TaskHeartbeatError: "TASK_HEARTBEAT";
    readonly MapItemsError: "MAP_ITEMS_ERROR";
    readonly MapItemProcessorError: "MAP_ITEM_PROCESSOR";
    readonly MapItemSelectorError: "MAP_ITEM_SELECTOR";
    readonly MapItemBatcherError: "MAP_ITEM_BATCHER";
    readonly MapToleratedFailureError: "MAP_TOLERATED_FAILURE";
    readonly MapMaxConcurrencyError: "MAP_CONCURRENCY_ERROR";
    readonly MapItemReaderMaxItemsError: "MAP_ITEMREADER_MAXITEM";
    readonly FailCauseProperty: "FAIL_CAUSE_PROPERTY";
    readonly FailErrorProperty: "FAIL_ERROR_PROPERTY";
  };
}

declare module "asl-validator/dist/src/checks/formats.js" {
  export function isArnFormatValid(taskResource: string): boolean;
}

declare module "asl-validator/dist/src/checks/get-states.js" {
  /** Every object named `States` anywhere in the definition, in asl-validator's order. */
  export function getStatesContainer(definition: unknown): Record<string, unknown>[];
}

declare module "asl-validator/dist/src/checks/state-checks.js" {
  import type { AslCheckError, AslCheckOptions } from "asl-validator-shared-types";
  export interface StateEntry {
    stateName: string;
    state: Record<string, unknown>;
  }
  export type StateChecker = (entry: StateEntry) => AslCheckError | null;
  export interface StateCheck {
    filter: (entry: StateEntry) => boolean;
    checker: StateChecker;
  }
  export const IsMap: (entry: StateEntry) => boolean;
  export const IsTask: (entry: StateEntry) => boolean;
  export const IsWait: (entry: StateEntry) => boolean;
  export const IsSucceed: (entry: StateEntry) => boolean;
  export const IsFail: (entry: StateEntry) => boolean;
  export const IsChoice: (entry: StateEntry) => boolean;
  export function AtMostOne(args: { props: string[]; errorCode: string; path?: string }): StateChecker;
  export function ExactlyOne(args: { props: string[]; errorCode: string }): StateChecker;
  export function stateChecks(
    definition: unknown,
    options: AslCheckOptions,
    checks: StateCheck[],
  ): AslCheckError[];
}

declare module "asl-validator/dist/src/checks/missing-transition-target-errors.js" {
  import type { AslCheck } from "asl-validator-shared-types";
  export const missingTransitionTargetErrors: AslCheck;
}

declare module "asl-validator/dist/src/checks/state-transitions-errors.js" {
  import type { AslCheck } from "asl-validator-shared-types";
  export const stateTransitionsErrors: AslCheck;
}

declare module "asl-validator/dist/src/checks/duplicate-state-names-errors.js" {
  import type { AslCheck } from "asl-validator-shared-types";
  export const duplicateStateNames: AslCheck;
}

declare module "asl-validator/dist/src/checks/missing-terminal-state-errors.js" {
  import type { AslCheck } from "asl-validator-shared-types";
  export const missingTerminalStateErrors: AslCheck;
}

declare module "asl-validator/dist/src/checks/duplicate-payload-template-fields.js" {
  import type { AslCheck } from "asl-validator-shared-types";
  export const mustNotHaveDuplicateFieldNamesAfterEvaluation: AslCheck;
}

// Type-only module shared by the declarations above; nothing imports it at runtime.
declare module "asl-validator-shared-types" {
  export interface AslCheckOptions {
    checkPaths: boolean;
    checkArn: boolean;
  }
  export interface AslCheckError {
    "Error code": string;
    Message: string;
    schemaError?: { instancePath: string; schemaPath: string };
  }
  export type AslCheck = (definition: unknown, options: AslCheckOptions) => AslCheckError[];
}
