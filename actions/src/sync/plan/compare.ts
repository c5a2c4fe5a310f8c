/**
 * Content comparison, never mtime. Per file:
 *   1. forced → upload;
 *   2. no object → upload; sizes differ → upload;
 *   3. plain MD5 ETag equal to the local MD5 → skip, no further request;
 *   4. otherwise the object's HeadObject decides: a full-object CRC64NVME compares exactly
 *      (multipart and SSE-KMS objects too); without one, the SHA-256 edp wrote into metadata;
 *      without either, upload.
 * Both steps are pure: listings and head results in, decisions out.
 */
import { isCrc64NvmeValue } from "./hash.ts";
import { isPlainMd5Etag } from "../../pipeline/keys.ts";
import type { LocalDigest, RemoteObject } from "../types.ts";
import type { HeadResult } from "../aws/s3-objects.ts";

export const SHA256_METADATA_KEY = "edp-sha256";

export type Decision = { action: "upload" | "skip"; reason: string } | { action: "head" };

export function compareListed(
  local: LocalDigest,
  remote: RemoteObject | undefined,
  options: { forced: boolean; bucketMissing: boolean },
): Decision {
  if (options.forced) return { action: "upload", reason: "forced (--force-keys)" };
  if (options.bucketMissing) return { action: "upload", reason: "new (the bucket does not exist yet)" };
  if (!remote) return { action: "upload", reason: "new" };
  if (remote.size !== local.size)
    return { action: "upload", reason: `changed (size ${remote.size} → ${local.size} bytes)` };
  if (isPlainMd5Etag(remote.etag) && remote.etag.toLowerCase() === local.md5) {
    return { action: "skip", reason: "unchanged (MD5 ETag)" };
  }
  // A plain ETag that differs is not proof: SSE-KMS ETags look like MD5s but are not.
  return { action: "head" };
}

export function compareHead(
  local: Required<LocalDigest>,
  head: HeadResult,
): { action: "upload" | "skip"; reason: string } {
  if (!head.exists) return { action: "upload", reason: "new" };
  if (isCrc64NvmeValue(head.crc64nvme) && head.checksumType !== "COMPOSITE") {
    return head.crc64nvme === local.crc64nvme
      ? { action: "skip", reason: "unchanged (CRC64NVME)" }
      : { action: "upload", reason: "changed (CRC64NVME differs)" };
  }
  const recorded = head.metadata[SHA256_METADATA_KEY];
  if (recorded) {
    return recorded.toLowerCase() === local.sha256
      ? { action: "skip", reason: "unchanged (SHA-256 in metadata)" }
      : { action: "upload", reason: "changed (SHA-256 in metadata differs)" };
  }
  return { action: "upload", reason: "no comparable checksum on the object" };
}
