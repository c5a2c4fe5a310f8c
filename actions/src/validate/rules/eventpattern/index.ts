/** eventpattern/*: each Rule's pattern is valid, and starts a run for the entry points and nothing else. */
import dataTriggers from "./data-triggers.ts";
import invalid from "./invalid.ts";
import noTrigger from "./no-trigger.ts";
import noEntryPoint from "./no-entry-point.ts";

export const eventPatternRules = [invalid, noTrigger, dataTriggers, noEntryPoint] as const;
