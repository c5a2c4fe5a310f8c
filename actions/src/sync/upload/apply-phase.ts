/**
 * Runs one phase of the plan: its uploads with bounded concurrency, then its deletes. A failed
 * upload never stops the others in the same phase (so the report says exactly what landed);
 * the caller does not start the next phase.
 */
import pLimit from "p-limit";
import type { S3Client } from "@aws-sdk/client-s3";
import { describeAwsError } from "../aws/errors.ts";
import { deleteObjects } from "../aws/s3-objects.ts";
import { uploadObject } from "./upload-object.ts";
import type { PlanEntry, ProgressSink, SyncStats } from "../types.ts";

export interface ApplyContext {
  s3: S3Client;
  concurrency: number;
  commit: string | null;
  runUrl: string | null;
  sseKmsKeyId?: string;
  multipartThresholdBytes: number;
  stats: SyncStats;
  progress: ProgressSink;
}

export interface PhaseResult {
  failed: number;
  /** ETag of each uploaded key. */
  etags: Map<string, string>;
}

export async function applyPhase(
  ctx: ApplyContext,
  name: string,
  entries: readonly PlanEntry[],
): Promise<PhaseResult> {
  const uploads = entries.filter((e) => e.action === "upload");
  const deletes = entries.filter((e) => e.action === "delete");
  const result: PhaseResult = { failed: 0, etags: new Map() };
  ctx.progress.phase(name, uploads.length + deletes.length);
  const limit = pLimit(ctx.concurrency);
  await Promise.all(
    uploads.map((entry) =>
      limit(async () => {
        try {
          const etag = await uploadObject(ctx.s3, {
            bucket: entry.bucket,
            key: entry.key,
            abs: entry.abs!,
            digest: entry.digest!,
            commit: ctx.commit,
            runUrl: ctx.runUrl,
            sseKmsKeyId: ctx.sseKmsKeyId,
            multipartThresholdBytes: ctx.multipartThresholdBytes,
          });
          entry.result = "uploaded";
          result.etags.set(`${entry.bucket}/${entry.key}`, etag);
          ctx.stats.put++;
          ctx.stats.bytes += entry.size;
        } catch (error) {
          entry.result = "failed";
          entry.error = describeAwsError(error);
          result.failed++;
        }
        ctx.progress.advance(entry.key, entry.size);
      }),
    ),
  );
  // Deletes only once every upload of the phase landed: a failed phase changes as little as possible.
  if (result.failed > 0) {
    for (const entry of deletes) entry.result = "not-attempted";
    return result;
  }
  for (const bucket of new Set(deletes.map((d) => d.bucket))) {
    const batch = deletes.filter((d) => d.bucket === bucket);
    try {
      const outcome = await deleteObjects(
        ctx.s3,
        bucket,
        batch.map((d) => d.key),
      );
      const failed = new Map(outcome.failed.map((f) => [f.key, f.error]));
      for (const entry of batch) {
        const error = failed.get(entry.key);
        entry.result = error ? "failed" : "deleted";
        if (error) entry.error = error;
        ctx.progress.advance(entry.key, 0);
      }
      ctx.stats.delete += outcome.deleted.length;
      result.failed += outcome.failed.length;
    } catch (error) {
      for (const entry of batch) {
        entry.result = "failed";
        entry.error = describeAwsError(error);
      }
      result.failed += batch.length;
    }
  }
  return result;
}
