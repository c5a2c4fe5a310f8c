/** asl/*: each StateMachine's Amazon States Language, and its EMR on EKS tasks in this environment. */
import emrTask from "./emr-task.ts";
import invalid from "./invalid.ts";
import noSparkTask from "./no-spark-task.ts";
import unknownIntegration from "./unknown-integration.ts";

export const aslRules = [invalid, emrTask, noSparkTask, unknownIntegration] as const;
