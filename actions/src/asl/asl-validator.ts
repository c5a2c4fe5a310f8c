/**
 * asl-validator 4.0.0's checks with its JSON schemas compiled once per process.
 *
 * asl-validator's default export builds a new Ajv and recompiles all fifteen schemas on every
 * call (~70 ms). This module configures one Ajv exactly as `checks/json-schema-errors.js`
 * does, keeps it, and then runs asl-validator's own semantic check modules in the order
 * `validator.js` runs them, so the error objects match the package's byte for byte.
 */
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { PRECOMPILED_ASL } from "../precompiled/validators.ts";
import type { PrecompiledModule } from "../precompiled/types.ts";
import { ASL_EXTRA_FORMATS } from "./asl-formats.ts";
import { duplicateStateNames } from "asl-validator/dist/src/checks/duplicate-state-names-errors.js";
import { mustNotHaveDuplicateFieldNamesAfterEvaluation } from "asl-validator/dist/src/checks/duplicate-payload-template-fields.js";
import { missingTerminalStateErrors } from "asl-validator/dist/src/checks/missing-terminal-state-errors.js";
import { missingTransitionTargetErrors } from "asl-validator/dist/src/checks/missing-transition-target-errors.js";
import { stateTransitionsErrors } from "asl-validator/dist/src/checks/state-transitions-errors.js";
import {
  AtMostOne,
  ExactlyOne,
  IsChoice,
  IsFail,
  IsMap,
  IsSucceed,
  IsTask,
  IsWait,
  stateChecks,
  type StateCheck,
} from "asl-validator/dist/src/checks/state-checks.js";
import { StateMachineErrorCode as Code } from "asl-validator/dist/src/types.js";
import baseStateMachineSchema from "asl-validator/dist/src/schemas/base-state-machine.json" with { type: "json" };
import choiceSchema from "asl-validator/dist/src/schemas/choice.json" with { type: "json" };
import commonSchema from "asl-validator/dist/src/schemas/common.json" with { type: "json" };
import errorsSchema from "asl-validator/dist/src/schemas/errors.json" with { type: "json" };
import failSchema from "asl-validator/dist/src/schemas/fail.json" with { type: "json" };
import jsonataSchema from "asl-validator/dist/src/schemas/jsonata.json" with { type: "json" };
import mapSchema from "asl-validator/dist/src/schemas/map.json" with { type: "json" };
import parallelSchema from "asl-validator/dist/src/schemas/parallel.json" with { type: "json" };
import passSchema from "asl-validator/dist/src/schemas/pass.json" with { type: "json" };
import pathsSchema from "asl-validator/dist/src/schemas/paths.json" with { type: "json" };
import stateMachineSchema from "asl-validator/dist/src/schemas/state-machine.json" with { type: "json" };
import stateSchema from "asl-validator/dist/src/schemas/state.json" with { type: "json" };
import succeedSchema from "asl-validator/dist/src/schemas/succeed.json" with { type: "json" };
import taskSchema from "asl-validator/dist/src/schemas/task.json" with { type: "json" };
import waitSchema from "asl-validator/dist/src/schemas/wait.json" with { type: "json" };

/** One asl-validator error, shaped exactly like the package's. */
export interface AslValidatorError {
  "Error code": string;
  Message: string;
  schemaError?: { instancePath: string; schemaPath: string };
}

const STATE_MACHINE_SCHEMA_ID = "http://asl-validator.cloud/state-machine.json#";
// asl-validator's DefaultOptions: path expressions and Task ARNs are both checked.
const OPTIONS = { checkPaths: true, checkArn: true };

let cachedValidate: ValidateFunction | null = null;
let ajvInstancesCreated = 0;

/** How many Ajv instances this module has built (1 after any number of validations). */
export function aslAjvInstancesCreated(): number {
  return ajvInstancesCreated;
}

/**
 * asl-validator's Ajv: the same schema list (and order) and options as json-schema-errors.js, and
 * its formats. `extra`: added options (build/precompile-asl.ts asks for source code).
 */
export function createAslAjv(extra: Options = {}): Ajv {
  const ajv = new Ajv({
    schemas: [
      commonSchema,
      pathsSchema,
      jsonataSchema,
      choiceSchema,
      failSchema,
      parallelSchema,
      passSchema,
      baseStateMachineSchema,
      stateMachineSchema,
      stateSchema,
      succeedSchema,
      taskSchema,
      waitSchema,
      mapSchema,
      errorsSchema,
    ],
    allowUnionTypes: true,
    ...extra,
  });
  // ajv-formats is CommonJS: the default import is module.exports, whose `.default` is the plugin.
  addFormats.default(ajv);
  for (const [name, format] of Object.entries(ASL_EXTRA_FORMATS)) ajv.addFormat(name, format);
  return ajv;
}

export function aslStateMachineValidator(ajv: Ajv): ValidateFunction {
  const validate = ajv.getSchema(STATE_MACHINE_SCHEMA_ID);
  if (!validate) throw new Error(`asl-validator schema ${STATE_MACHINE_SCHEMA_ID} did not load`);
  return validate;
}

/**
 * Loads the precompiled state machine validator when this build has one (build/precompile-asl.ts), so the
 * first validation need not compile fifteen schemas. Without one, compiles now.
 */
export async function prepareAslValidator(
  precompiled: PrecompiledModule | null = PRECOMPILED_ASL,
): Promise<void> {
  if (cachedValidate) return;
  if (precompiled) {
    try {
      const { default: validate } = await precompiled.load();
      if (typeof validate === "function") cachedValidate ??= validate as ValidateFunction;
    } catch {
      // compiled below instead
    }
  }
  schemaValidator();
}

function schemaValidator(): ValidateFunction {
  if (cachedValidate) return cachedValidate;
  ajvInstancesCreated += 1;
  cachedValidate = aslStateMachineValidator(createAslAjv());
  return cachedValidate;
}

// The state checks validator.js builds, in the same order.
const STATE_CHECKS: StateCheck[] = [
  {
    filter: IsTask,
    checker: AtMostOne({ props: ["TimeoutSeconds", "TimeoutSecondsPath"], errorCode: Code.TaskTimeoutError }),
  },
  {
    filter: IsTask,
    checker: AtMostOne({
      props: ["HeartbeatSeconds", "HeartbeatSecondsPath"],
      errorCode: Code.TaskHeartbeatError,
    }),
  },
  {
    filter: IsMap,
    checker: ExactlyOne({ props: ["ItemProcessor", "Iterator"], errorCode: Code.MapItemProcessorError }),
  },
  {
    filter: IsMap,
    checker: AtMostOne({ props: ["ItemSelector", "Parameters"], errorCode: Code.MapItemSelectorError }),
  },
  {
    filter: IsWait,
    checker: ExactlyOne({
      props: ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"],
      errorCode: Code.WaitDurationError,
    }),
  },
  {
    // Every state except Succeed, Fail and Choice ends with exactly one of End or Next.
    filter: (entry) => !(IsSucceed(entry) || IsFail(entry) || IsChoice(entry)),
    checker: ExactlyOne({ props: ["End", "Next"], errorCode: Code.TerminalStateWithNextError }),
  },
  {
    filter: IsMap,
    checker: AtMostOne({
      props: ["ToleratedFailureCount", "ToleratedFailureCountPath"],
      errorCode: Code.MapToleratedFailureError,
    }),
  },
  {
    filter: IsMap,
    checker: AtMostOne({
      props: ["ToleratedFailurePercentage", "ToleratedFailurePercentagePath"],
      errorCode: Code.MapToleratedFailureError,
    }),
  },
  {
    filter: IsMap,
    checker: AtMostOne({
      props: ["MaxConcurrency", "MaxConcurrencyPath"],
      errorCode: Code.MapMaxConcurrencyError,
    }),
  },
  { filter: IsMap, checker: AtMostOne({ props: ["Items", "ItemsPath"], errorCode: Code.MapItemsError }) },
  {
    filter: IsMap,
    checker: AtMostOne({
      props: ["MaxItems", "MaxItemsPath"],
      path: "$.ItemReader.ReaderConfig",
      errorCode: Code.MapItemReaderMaxItemsError,
    }),
  },
  {
    filter: IsMap,
    checker: AtMostOne({
      props: ["MaxItemsPerBatch", "MaxItemsPerBatchPath"],
      path: "$.ItemBatcher",
      errorCode: Code.MapItemBatcherError,
    }),
  },
  {
    filter: IsMap,
    checker: AtMostOne({
      props: ["MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"],
      path: "$.ItemBatcher",
      errorCode: Code.MapItemBatcherError,
    }),
  },
  {
    filter: IsFail,
    checker: AtMostOne({ props: ["Cause", "CausePath"], errorCode: Code.FailCauseProperty }),
  },
  {
    filter: IsFail,
    checker: AtMostOne({ props: ["Error", "ErrorPath"], errorCode: Code.FailErrorProperty }),
  },
];

/**
 * Validates a parsed state machine definition the way `require("asl-validator")(definition)`
 * does and returns the same error objects. Unlike the package it never mutates `definition`:
 * the QueryLanguage defaulting runs on a deep copy.
 */
export function validateAslDefinition(definition: unknown): AslValidatorError[] {
  const copy = structuredClone(definition);
  applyQueryLanguageDefault(copy);
  const errors = schemaErrors(copy);
  if (errors.length > 0) return errors;
  return [
    ...missingTransitionTargetErrors(copy, OPTIONS),
    ...stateTransitionsErrors(copy, OPTIONS),
    ...duplicateStateNames(copy, OPTIONS),
    ...missingTerminalStateErrors(copy, OPTIONS),
    ...mustNotHaveDuplicateFieldNamesAfterEvaluation(copy, OPTIONS),
    ...stateChecks(copy, OPTIONS, STATE_CHECKS),
  ];
}

/**
 * A state's query language defaults to the machine's (itself JSONPath by default); asl-validator
 * writes that default into every state of every object named `States` (its `$..States`) so the
 * schemas can branch on it.
 */
function applyQueryLanguageDefault(definition: unknown): void {
  if (!isRecord(definition)) return;
  const language = definition.QueryLanguage ?? "JSONPath";
  for (const states of objectsNamedStates(definition)) {
    for (const state of Object.values(states)) {
      if (isRecord(state) && !state.QueryLanguage) state.QueryLanguage = language;
    }
  }
}

function objectsNamedStates(node: unknown, found: object[] = []): object[] {
  if (Array.isArray(node)) {
    for (const item of node) objectsNamedStates(item, found);
  } else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "States" && typeof value === "object" && value !== null) found.push(value);
      objectsNamedStates(value, found);
    }
  }
  return found;
}

/** Ajv errors reduced the way json-schema-errors.js reduces them (oneOf produces many). */
function schemaErrors(definition: unknown): AslValidatorError[] {
  const validate = schemaValidator();
  if (validate(definition)) return [];
  const all: ErrorObject[] = validate.errors ?? [];

  // Keep only the errors at the deepest instance path depth.
  let deepest = 0;
  let selected: ErrorObject[] = [];
  for (const error of all) {
    const depth = error.instancePath.split("/").length;
    if (depth > deepest) {
      deepest = depth;
      selected = [error];
    } else if (depth === deepest) {
      selected.push(error);
    }
  }

  // Where a oneOf failed, its branch errors at the same location are noise: keep the oneOf one.
  const oneOfPaths = new Set(selected.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath));
  const result: AslValidatorError[] = [];
  const seen = new Set<string>();
  for (const error of selected) {
    if (error.keyword !== "oneOf" && oneOfPaths.has(error.instancePath)) continue;
    const schemaPath = decodeURIComponent(error.schemaPath);
    const key = JSON.stringify([schemaPath, error.instancePath]);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({
      "Error code": Code.SchemaValidationFailed,
      Message: `${error.instancePath} is invalid. ${error.message ?? ""}`,
      schemaError: { instancePath: error.instancePath, schemaPath },
    });
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
