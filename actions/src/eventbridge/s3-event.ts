/**
 * The event S3 sends to EventBridge when an object is created, shaped like the example in the S3 user
 * guide ("EventBridge event message structure"). Every field is deterministic: ids and hashes are
 * derived from bucket and key unless given, so plans and tests are reproducible.
 */
import { createHash } from "node:crypto";

export interface S3ObjectCreatedInput {
  bucket: string;
  key: string;
  /** Bytes; default 0. */
  size?: number;
  /** Default "123456789012" (moto's account). */
  account?: string;
  /** Default "us-east-1". */
  region?: string;
  /** "PutObject" (default), "CopyObject", "CompleteMultipartUpload" or "POST Object". */
  reason?: string;
  /** ISO time without milliseconds; default "2024-01-01T00:00:00Z". */
  time?: string;
  id?: string;
  etag?: string;
  /** Only versioned buckets send detail.object.version-id, so it is present only when given. */
  versionId?: string;
  sequencer?: string;
  requestId?: string;
  /** Account or principal that made the request; default the account. */
  requester?: string;
  sourceIpAddress?: string;
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function uuidFrom(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function s3ObjectCreatedEvent(input: S3ObjectCreatedInput): Record<string, unknown> {
  const account = input.account ?? "123456789012";
  const seed = digest(`${input.bucket}\n${input.key}\n${input.size ?? 0}`);
  const object: Record<string, unknown> = {
    key: input.key,
    size: input.size ?? 0,
    etag: input.etag ?? seed.slice(0, 32),
  };
  if (input.versionId !== undefined) object["version-id"] = input.versionId;
  object.sequencer = input.sequencer ?? seed.slice(32, 48).toUpperCase();
  return {
    version: "0",
    id: input.id ?? uuidFrom(digest(`event\n${seed}`)),
    "detail-type": "Object Created",
    source: "aws.s3",
    account,
    time: input.time ?? "2024-01-01T00:00:00Z",
    region: input.region ?? "us-east-1",
    resources: [`arn:aws:s3:::${input.bucket}`],
    detail: {
      version: "0",
      bucket: { name: input.bucket },
      object,
      "request-id": input.requestId ?? seed.slice(48, 64).toUpperCase(),
      requester: input.requester ?? account,
      "source-ip-address": input.sourceIpAddress ?? "192.0.2.10",
      reason: input.reason ?? "PutObject",
    },
  };
}
