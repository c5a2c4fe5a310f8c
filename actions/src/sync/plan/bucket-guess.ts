/**
 * A guess of each pipeline's bucket, read straight from the environment's files (no kustomize),
 * so its listing can start while the manifests render (prefetch.ts).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { MAX_SOURCE_BYTES, splitDocumentsWithoutPositions } from "../../render/yaml-source.ts";
import { PIPELINE_FILE } from "../../pipeline/config.ts";
import { FLUX_KUSTOMIZATION, isKind } from "../../model/ack.ts";

/** A bucket the environment probably syncs to, read straight from its files (no kustomize). */
export interface BucketGuess {
  pipelineDir: string;
  bucket: string;
}

/**
 * Guesses each pipeline's bucket without rendering: the environment's Flux Kustomizations
 * (clusters/<env>) name folders; a literal Bucket spec.name in a YAML file of such a folder is
 * the guess. Only used to start listing early; the render decides, and a wrong guess is dropped.
 */
export async function guessBuckets(repoRoot: string, environment: string): Promise<BucketGuess[]> {
  const guesses: BucketGuess[] = [];
  try {
    const paths = new Set<string>();
    for (const doc of await readYamlDocs(
      repoRoot,
      path.join("clusters", environment),
      true,
      "Kustomization",
    )) {
      if (
        typeof doc.apiVersion === "string" &&
        isKind({ kind: String(doc.kind), apiVersion: doc.apiVersion }, FLUX_KUSTOMIZATION)
      ) {
        const p = (doc.spec as { path?: unknown } | undefined)?.path;
        if (typeof p === "string" && !p.includes("${"))
          paths.add(path.posix.normalize(p.replace(/^\.\//, "")));
      }
    }
    for (const dir of paths) {
      if (dir.startsWith("..") || path.posix.isAbsolute(dir)) continue;
      for (const doc of await readYamlDocs(repoRoot, dir, false, "Bucket")) {
        const name = (doc.spec as { name?: unknown } | undefined)?.name;
        if (doc.kind !== "Bucket" || typeof name !== "string" || name.includes("${")) continue;
        const pipelineDir = await nearestPipeline(repoRoot, dir);
        if (pipelineDir) guesses.push({ pipelineDir, bucket: name });
      }
    }
  } catch {
    // a guess, nothing more
  }
  return guesses;
}

/**
 * The mapping documents of a folder's YAML files that mention `mention` (a cheap text filter:
 * most files are not the kind looked for), read without positions; unusual files are skipped.
 */
async function readYamlDocs(
  repoRoot: string,
  dir: string,
  recursive: boolean,
  mention: string,
): Promise<Record<string, unknown>[]> {
  const entries = await readdir(path.join(repoRoot, dir), { withFileTypes: true, recursive }).catch(() => []);
  const docs: Record<string, unknown>[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    const text = await readFile(path.join(entry.parentPath ?? path.join(repoRoot, dir), entry.name), "utf8");
    if (text.length > MAX_SOURCE_BYTES || !text.includes(mention)) continue;
    for (const { value } of splitDocumentsWithoutPositions(text) ?? []) {
      if (value && typeof value === "object" && !Array.isArray(value))
        docs.push(value as Record<string, unknown>);
    }
  }
  return docs;
}

async function nearestPipeline(repoRoot: string, dir: string): Promise<string | null> {
  for (let d = dir; d !== "." && d !== "" && d !== "/"; d = path.posix.dirname(d)) {
    if (
      await stat(path.join(repoRoot, d, PIPELINE_FILE)).then(
        () => true,
        () => false,
      )
    )
      return d;
  }
  return null;
}
