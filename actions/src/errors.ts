/**
 * Errors mean the tool could not do its job (findings mean the repository is wrong).
 * Each carries a stable kebab-case code, the exit code the CLI and actions use, and a
 * message that says what failed, where, and what to do next.
 */
export type ExitCode = 0 | 1 | 2;

/** The one exit-code table: 0 clean, 1 findings or an incomplete sync, 2 usage/config/internal. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const satisfies Record<string, ExitCode>;

export class EdpError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  constructor(code: string, message: string, options: { exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options.exitCode ?? EXIT.usage;
  }
}

/** Bad command line: unknown command or flag, missing value. */
export class UsageError extends EdpError {
  constructor(message: string) {
    super("usage", message, { exitCode: EXIT.usage });
  }
}

/** A configuration or input file the tool needs is missing or malformed. */
export class ConfigError extends EdpError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("config", message, { exitCode: EXIT.usage, ...options });
  }
}

/** An external program (kubectl, terraform, moto_server) is missing or failed to run. */
export class ToolError extends EdpError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("tool", message, { exitCode: EXIT.usage, ...options });
  }
}

/** A remote service (S3, Step Functions, EventBridge, GitHub) refused or failed. */
export class RemoteError extends EdpError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("remote", message, { exitCode: EXIT.failed, ...options });
  }
}

/** One line for a user, never a stack trace; unexpected errors say they are a bug. */
export function describeError(error: unknown): { message: string; exitCode: ExitCode } {
  if (error instanceof EdpError) return { message: error.message, exitCode: error.exitCode };
  const text = error instanceof Error ? error.message : String(error);
  return {
    message: `internal error: ${text} (this is a bug in edp; please report it)`,
    exitCode: EXIT.usage,
  };
}
