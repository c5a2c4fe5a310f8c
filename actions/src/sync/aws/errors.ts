/** How AWS failures are named and described, for every adapter and the report. */
import { RemoteError } from "../../errors.ts";

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "";
}

export function isNotFound(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return status === 404 || ["NotFound", "NoSuchKey", "NoSuchBucket"].includes(errorName(error));
}

/** A RemoteError that says what was attempted and what the service answered. */
export function remoteError(action: string, error: unknown): RemoteError {
  return new RemoteError(`${action} failed: ${describeAwsError(error)}`, { cause: error });
}

export function describeAwsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = error.name && error.name !== "Error" ? `${error.name}: ` : "";
  const message = error.message && error.message !== error.name ? error.message : "no message";
  return `${name}${message}${status ? ` (HTTP ${status})` : ""}`;
}
