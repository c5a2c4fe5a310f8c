/**
 * ASL checks for the StateMachine definitions in the repository: asl-validator's schema and
 * semantic checks (asl/invalid), then what no schema knows about emr-containers:startJobRun
 * tasks in this environment (asl/emr-task).
 */
export { checkStateMachineDefinition, MAX_DEFINITION_DEPTH, readDefinition } from "./check-definition.ts";
export { EMR_START_JOB_RUN_SYNC, findEmrTasks, findTasks } from "./emr-task.ts";
export type { AslContext, AslProblem } from "./types.ts";
export {
  aslAjvInstancesCreated,
  prepareAslValidator,
  validateAslDefinition,
  type AslValidatorError,
} from "./asl-validator.ts";
