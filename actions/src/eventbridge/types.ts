/** The shapes of EventBridge patterns and of what is wrong with one. */
export type EventPattern = Record<string, unknown>;

export type PatternPath = (string | number)[];

export interface PatternProblem {
  message: string;
  /** Where in the pattern document, e.g. ["detail","object","key",0,"prefix"]; [] for the whole text. */
  path: PatternPath;
}
