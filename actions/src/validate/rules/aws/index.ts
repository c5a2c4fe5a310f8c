import apiConstraint from "./api-constraint.ts";
import expressIntegrationPattern from "./express-integration-pattern.ts";
import ruleSchedule from "./rule-schedule.ts";
import ruleTargets from "./rule-targets.ts";
import targetRole from "./target-role.ts";

export const awsRules = [
  apiConstraint,
  expressIntegrationPattern,
  targetRole,
  ruleTargets,
  ruleSchedule,
] as const;
