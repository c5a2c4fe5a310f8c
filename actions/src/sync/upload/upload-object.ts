/**
 * Writes one object. Small files go as one PutObject with the CRC64NVME we already computed
 * (the SDK does not hash them again); large ones go multipart (multipart.ts), so S3 keeps a
 * full-object CRC64NVME either way. Every object carries
 * its SHA-256, the Git commit and the workflow run in metadata. Retries are the SDK's.
 */
import { readFile } from "node:fs/promises";
import { PutObjectCommand, type PutObjectCommandInput, type S3Client } from "@aws-sdk/client-s3";
import mime from "mime-types";
import { SHA256_METADATA_KEY } from "../plan/compare.ts";
import { completeDigest, digestBuffer } from "../plan/hash.ts";
import { unquoteEtag } from "../../pipeline/keys.ts";
import { uploadMultipart } from "./multipart.ts";
import type { LocalDigest } from "../types.ts";

export const DEFAULT_MULTIPART_THRESHOLD = 16 * 1024 * 1024;

export interface UploadRequest {
  bucket: string;
  key: string;
  abs: string;
  digest: LocalDigest;
  commit: string | null;
  runUrl: string | null;
  sseKmsKeyId?: string;
  multipartThresholdBytes: number;
}

/** Uploads and returns the new object's ETag. */
export async function uploadObject(s3: S3Client, request: UploadRequest): Promise<string> {
  const small = request.digest.size < request.multipartThresholdBytes;
  // Small files: one read gives the body and the checksums; large ones are hashed first, then streamed.
  const body = small ? await readFile(request.abs) : null;
  const digest = body ? await digestBuffer(body) : await completeDigest(request.abs, request.digest);
  if (digest.md5 !== request.digest.md5)
    throw new Error(`${request.abs} changed while syncing; run the sync again`);
  Object.assign(request.digest, digest);
  const params: PutObjectCommandInput = {
    Bucket: request.bucket,
    Key: request.key,
    ContentType: contentTypeFor(request.key),
    ChecksumAlgorithm: "CRC64NVME",
    Metadata: metadataFor(request, digest.sha256),
    ...(request.sseKmsKeyId ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: request.sseKmsKeyId } : {}),
  };
  if (body) {
    // A Buffer (not a stream) body, so the SDK can resend it when it retries.
    const r = await s3.send(
      new PutObjectCommand({
        ...params,
        Body: body,
        ContentLength: body.length,
        ChecksumCRC64NVME: digest.crc64nvme,
      }),
    );
    return unquoteEtag(r.ETag);
  }
  return uploadMultipart(s3, params, request.abs, request.multipartThresholdBytes);
}

export function contentTypeFor(key: string): string {
  // .py is not in every mime database; Spark does not care, humans reading the console do.
  if (key.endsWith(".py")) return "text/x-python";
  return mime.lookup(key) || "application/octet-stream";
}

function metadataFor(request: UploadRequest, sha256: string): Record<string, string> {
  const metadata: Record<string, string> = { [SHA256_METADATA_KEY]: sha256 };
  if (request.commit) metadata["edp-commit"] = request.commit;
  if (request.runUrl) metadata["edp-run-url"] = asciiOnly(request.runUrl);
  return metadata;
}

function asciiOnly(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, "?");
}
