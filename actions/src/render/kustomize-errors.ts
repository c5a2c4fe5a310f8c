/**
 * kustomize's failure text, turned into one cause at the file and line to fix. kustomize names
 * the overlay it was asked to build and wraps the cause in its accumulation trail; the cases a
 * reviewer meets most (a patch whose target does not exist, a file that is not there) are said
 * plainly at the line that holds them, and anything else keeps kustomize's own words without
 * the trail. Paths are repository-relative: kustomize runs from the repository root.
 */
import path from "node:path";
import type { SourceLocation } from "../model/manifest.ts";
import { inDocument } from "./locate.ts";
import { findKustomizationFile, kustomizationInputs } from "./kustomization-file.ts";
import { lineFromKustomizeError } from "./kustomize-output.ts";
import type { SourceCache } from "./yaml-source.ts";

export interface KustomizeFailure {
  message: string;
  at: SourceLocation;
}

/** `file`: the kustomization file of the directory kustomize was asked to build. */
export function explainKustomizeError(
  cache: SourceCache,
  stderr: string,
  file: string,
  dir: string,
): KustomizeFailure {
  const cause = withoutTrail(stderr);
  const noTarget =
    /no matches for Id ([^.\s]+)\.([^.\s]+)\.([^/\s]*)\/([^\s;]+?)(?:\.([^.\s;]+))?(?:;|\s|$)/.exec(cause);
  if (noTarget) {
    const [, kind = "", version = "", group = "", name = "", namespace] = noTarget;
    const apiVersion = group ? `${group}/${version}` : version;
    const patch = findPatch(cache, dir, kind, name);
    const target = `${kind} '${name}'${namespace ? ` in namespace ${namespace}` : ""} (${apiVersion})`;
    return {
      message: `a patch targets ${target}, which no resource of ${dir} is: check the patch's kind, apiVersion, metadata.name and namespace against the resource it should change`,
      at: patch ?? lineFromKustomizeError(cache, stderr, file),
    };
  }
  const missingPatch = /failed to get the patch file from path\(([^)]+)\)/.exec(cause);
  if (missingPatch) {
    return {
      message: `patch file '${missingPatch[1]}' does not exist in ${dir}: add it or fix the path`,
      at: lineFromKustomizeError(cache, stderr, file),
    };
  }
  const missing =
    /accumulating resources from '([^']+)'[\s\S]*(?:no such file or directory|must resolve to a file|does not exist)/.exec(
      cause,
    );
  if (missing) {
    // declared in the innermost kustomization kustomize recursed into, else in the one built
    const declaring = innermostDirectory(stderr, cache.repoRoot) ?? dir;
    const declaringFile = findKustomizationFile(cache.repoRoot, declaring) ?? file;
    return {
      message: `'${missing[1]}' does not exist in ${declaring}: add the file or fix the entry`,
      at: lineMentioning(cache, declaringFile, missing[1]!),
    };
  }
  return {
    message: `kustomize build failed: ${cause || "no output"}`,
    at: lineFromKustomizeError(cache, stderr, file),
  };
}

function innermostDirectory(stderr: string, repoRoot: string): string | null {
  const all = [...stderr.matchAll(/recursed accumulation of path '([^']+)'/g)];
  const last = all.at(-1)?.[1];
  if (!last) return null;
  const rel = path.isAbsolute(last) ? path.relative(repoRoot, last) : last;
  return rel.startsWith("..") ? null : rel.split(path.sep).join("/");
}

/** The line of `file` that names `entry` (its last path segment), else the file. */
function lineMentioning(cache: SourceCache, file: string, entry: string): SourceLocation {
  const base = path.posix.basename(entry);
  const lines = cache.get(file)?.text.split("\n") ?? [];
  const index = lines.findIndex((l) => !l.trimStart().startsWith("#") && l.includes(base));
  return { file, line: index >= 0 ? index + 1 : null };
}

/** kustomize's "accumulating resources ... recursed accumulation of path '...':" wrapping, and its `< >`. */
function withoutTrail(stderr: string): string {
  let text = stderr.trim().replace(/^Error:\s*/, "");
  if (text.startsWith("<") && text.endsWith(">")) text = text.slice(1, -1).trim();
  const recursed = text.lastIndexOf("recursed accumulation of path '");
  if (recursed >= 0) {
    const after = text.indexOf("': ", recursed);
    if (after >= 0) text = text.slice(after + 3);
  }
  return text.trim();
}

/** The patch document of this build whose kind and metadata.name are these, at its `kind:` line. */
function findPatch(cache: SourceCache, dir: string, kind: string, name: string): SourceLocation | null {
  for (const file of kustomizationInputs(cache, dir)) {
    if (!/\.ya?ml$/.test(file)) continue;
    const values = cache.values(file);
    if (!values?.some((v) => isObject(v, kind, name))) continue;
    const source = cache.get(file);
    const doc = source?.documents.find((d) => isObject(d.value, kind, name));
    if (source && doc) return inDocument(source, doc.doc, ["kind"]);
  }
  return null;
}

function isObject(value: unknown, kind: string, name: string): boolean {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { kind?: unknown; metadata?: { name?: unknown } };
  return v.kind === kind && v.metadata?.name === name;
}
