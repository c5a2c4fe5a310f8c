/**
 * Object keys we are willing to write. Keys stay within a small character set so they mean the
 * same thing in S3, in EventBridge events (classic notifications URL-encode keys), in Spark
 * paths and in a shell; anything else is refused, not escaped.
 */

const SAFE_KEY = /^[A-Za-z0-9/_.=-]+$/;
const MAX_KEY_BYTES = 1024;

/** Why a key is unsafe, or null when it is fine. */
export function unsafeKeyReason(key: string): string | null {
  if (key.length === 0) return "empty key";
  if (key.startsWith("/")) return "absolute path";
  if (Buffer.byteLength(key, "utf8") > MAX_KEY_BYTES) return `longer than ${MAX_KEY_BYTES} bytes`;
  const segments = key.split("/");
  if (segments.some((s) => s === "..")) return "'..' path segment";
  if (segments.some((s) => s === ".")) return "'.' path segment";
  if (segments.slice(0, -1).some((s) => s === "")) return "empty path segment ('//')";
  if (key.endsWith("/")) return "ends in '/'";
  if (!SAFE_KEY.test(key)) {
    const bad = [...new Set([...key].filter((c) => !/[A-Za-z0-9/_.=-]/.test(c)))].map((c) =>
      JSON.stringify(c),
    );
    return `characters outside [A-Za-z0-9/_.=-]: ${bad.join(" ")}`;
  }
  return null;
}

/** Why a pipeline.yaml key prefix is unsafe, or null. A prefix is "" or ends in "/". */
export function unsafePrefixReason(prefix: string): string | null {
  if (prefix === "") return null;
  if (!prefix.endsWith("/")) return "must end in '/'";
  return unsafeKeyReason(prefix.slice(0, -1));
}

/** Why a pipeline.yaml source folder is unsafe, or null. Relative, normalised, inside the pipeline. */
export function unsafeDirReason(dir: string): string | null {
  if (dir.length === 0) return "empty folder";
  if (dir.startsWith("/") || /^[A-Za-z]:/.test(dir)) return "absolute path";
  if (dir.includes("\\")) return "backslash in path (use '/')";
  const segments = dir.split("/");
  if (segments.some((s) => s === ".." || s === "." || s === "")) return "not a normalised relative path";
  return null;
}

/** A plain single-part MD5 ETag: 32 hex digits, no "-N" part count. */
export function isPlainMd5Etag(etag: string): boolean {
  return /^[0-9a-f]{32}$/i.test(etag);
}

/** The ETag S3 reports, without the quotes it wraps it in. */
export function unquoteEtag(etag: string | undefined): string {
  return (etag ?? "").replace(/^W\//, "").replace(/^"|"$/g, "");
}

/** Orders strings by UTF-16 code units: locale-independent (the same on every machine) and cheap. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
