import apiConstraint from "./api-constraint.ts";

export const awsRules = [apiConstraint] as const;
