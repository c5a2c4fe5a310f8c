/**
 * Large files go multipart through lib-storage, streamed from disk; the SDK checksums each part,
 * so S3 still keeps a full-object CRC64NVME.
 */
import { createReadStream } from "node:fs";
import type { PutObjectCommandInput, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { unquoteEtag } from "../../pipeline/keys.ts";

const MIN_PART_SIZE = 5 * 1024 * 1024; // S3's minimum for every part but the last
const MAX_PART_SIZE = 8 * 1024 * 1024;

/** Uploads `abs` in parts and returns the new object's ETag. */
export async function uploadMultipart(
  s3: S3Client,
  params: PutObjectCommandInput,
  abs: string,
  thresholdBytes: number,
): Promise<string> {
  const upload = new Upload({
    client: s3,
    params: { ...params, Body: createReadStream(abs) },
    partSize: Math.max(MIN_PART_SIZE, Math.min(MAX_PART_SIZE, thresholdBytes)),
    queueSize: 4,
    leavePartsOnError: false,
  });
  const r = await upload.done();
  return unquoteEtag(r.ETag);
}
