/** asl/*: each StateMachine's Amazon States Language, and its EMR on EKS tasks in this environment. */
import emrTask from "./emr-task.ts";
import invalid from "./invalid.ts";

export const aslRules = [invalid, emrTask] as const;
