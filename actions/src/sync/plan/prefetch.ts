/**
 * Listing started before the render: each guessed bucket (bucket-guess.ts) is listed while
 * kustomize runs. The render decides; a listing whose bucket or sources it does not confirm is dropped.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { readPipelineSources } from "../../pipeline/config.ts";
import { guessBuckets } from "./bucket-guess.ts";
import { sameSources } from "./local.ts";
import { listAll, type Prefetched } from "./pipeline-plan.ts";
import type { Pipeline, SourceSpec, SyncStats } from "../types.ts";

export interface PrefetchedListing {
  pipelineDir: string;
  bucket: string;
  sources: SourceSpec[];
  listing: Prefetched;
}

/**
 * Starts listing the buckets the environment probably uses while the manifests render (see
 * guessBuckets). Requests count in the stats whether or not the render confirms the guess.
 */
export async function prefetchListings(
  s3: S3Client,
  repoRoot: string,
  environment: string,
  stats: SyncStats,
): Promise<PrefetchedListing[]> {
  const guesses = await guessBuckets(repoRoot, environment);
  return guesses.flatMap((g) => {
    let sources: SourceSpec[];
    try {
      sources = readPipelineSources(repoRoot, g.pipelineDir);
    } catch {
      return [];
    }
    const listing = listAll(
      s3,
      g.bucket,
      sources.map((s) => s.prefix),
      stats,
    ).catch(() => undefined);
    return [{ ...g, sources, listing }];
  });
}

export function usablePrefetch(
  prefetched: readonly PrefetchedListing[],
  target: Pipeline,
): Prefetched | undefined {
  const hit = prefetched.find(
    (p) =>
      p.pipelineDir === target.dir && p.bucket === target.bucket && sameSources(p.sources, target.sources),
  );
  return hit?.listing;
}
