/**
 * Object operations on the bucket: one paginated ListObjectsV2 per prefix, HeadObject with checksum mode,
 * the bucket-existence probe and batched deletes. Reads are counted in the shared stats.
 */
import {
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  type S3Client,
} from "@aws-sdk/client-s3";
import { errorName, isNotFound, remoteError } from "./errors.ts";
import { unquoteEtag } from "../../pipeline/keys.ts";
import type { RemoteObject, SyncStats } from "../types.ts";

export class BucketMissingError extends Error {
  constructor(readonly bucket: string) {
    super(`bucket ${bucket} does not exist`);
  }
}

/** Every object under `prefix`, keyed by object key; BucketMissingError when there is no bucket. */
export async function listPrefix(
  s3: S3Client,
  bucket: string,
  prefix: string,
  stats: SyncStats,
): Promise<Map<string, RemoteObject>> {
  const objects = new Map<string, RemoteObject>();
  try {
    // Count each page as it is requested: a failure on page 3 still made 3 requests.
    const pages = paginateListObjectsV2({ client: s3, pageSize: 1000 }, { Bucket: bucket, Prefix: prefix });
    for (;;) {
      stats.list++;
      const next = await pages.next();
      if (next.done) {
        stats.list--;
        break;
      }
      for (const o of next.value.Contents ?? []) {
        if (o.Key === undefined) continue;
        objects.set(o.Key, { key: o.Key, size: o.Size ?? 0, etag: unquoteEtag(o.ETag) });
      }
    }
  } catch (error) {
    if (errorName(error) === "NoSuchBucket") throw new BucketMissingError(bucket);
    throw remoteError(`list s3://${bucket}/${prefix}`, error);
  }
  return objects;
}

export interface HeadResult {
  exists: boolean;
  crc64nvme?: string;
  checksumType?: string;
  metadata: Record<string, string>;
}

export async function headObject(
  s3: S3Client,
  bucket: string,
  key: string,
  stats: SyncStats,
): Promise<HeadResult> {
  stats.head++;
  try {
    const r = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: "ENABLED" }));
    return {
      exists: true,
      crc64nvme: r.ChecksumCRC64NVME,
      checksumType: r.ChecksumType,
      metadata: r.Metadata ?? {},
    };
  } catch (error) {
    if (isNotFound(error)) return { exists: false, metadata: {} };
    throw remoteError(`head s3://${bucket}/${key}`, error);
  }
}

/**
 * Whether the bucket exists, asked with a one-key listing under a prefix the caller may list:
 * HeadBucket needs s3:ListBucket on the whole bucket, which the least-privilege deploy role
 * (ListBucket only with an s3:prefix condition) does not have.
 */
export async function bucketExists(s3: S3Client, bucket: string, probePrefix: string): Promise<boolean> {
  try {
    await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: probePrefix, MaxKeys: 1 }));
    return true;
  } catch (error) {
    if (isNotFound(error) || errorName(error) === "NoSuchBucket") return false;
    throw remoteError(`check bucket ${bucket}`, error);
  }
}

/** Deletes keys in batches of 1,000 (the S3 limit); returns the keys S3 reported as failed. */
export async function deleteObjects(
  s3: S3Client,
  bucket: string,
  keys: readonly string[],
): Promise<{ deleted: string[]; failed: { key: string; error: string }[] }> {
  const deleted: string[] = [];
  const failed: { key: string; error: string }[] = [];
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const r = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: false },
      }),
    );
    const errors = new Map(
      (r.Errors ?? []).map((e) => [e.Key ?? "", `${e.Code ?? "Error"}: ${e.Message ?? ""}`]),
    );
    for (const key of batch) {
      const error = errors.get(key);
      if (error) failed.push({ key, error });
      else deleted.push(key);
    }
  }
  return { deleted, failed };
}
