/**
 * Reading kustomization.yaml files as data: which resources, patches, generators and
 * replacements a directory declares, with the source of each so findings can point at it.
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import {
  locateInDocument,
  parseWithoutPositions,
  type SourceDocument,
  type SourceFile,
  type SourceCache,
} from "./yaml-source.ts";

export const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

export interface KustomizationFile {
  /** Repository-relative directory. */
  dir: string;
  /** Repository-relative path of the kustomization file. */
  file: string;
  data: Record<string, unknown>;
  /** The file parsed with positions, only when a location is asked for (it costs ~5× more). */
  readonly source: SourceFile;
  readonly doc: SourceDocument;
}

export function findKustomizationFile(repoRoot: string, dir: string): string | null {
  for (const name of KUSTOMIZATION_FILES) {
    const candidate = path.posix.join(dir, name);
    if (existsSync(path.join(repoRoot, candidate))) return candidate;
  }
  return null;
}

const parsed = new WeakMap<SourceCache, Map<string, KustomizationFile | null>>();

export function readKustomization(cache: SourceCache, dir: string): KustomizationFile | null {
  let perCache = parsed.get(cache);
  if (!perCache) parsed.set(cache, (perCache = new Map()));
  if (perCache.has(dir)) return perCache.get(dir) ?? null;
  const file = findKustomizationFile(cache.repoRoot, dir);
  let result: KustomizationFile | null = null;
  if (file) {
    let data: unknown;
    try {
      data = parseWithoutPositions(readFileSync(path.join(cache.repoRoot, file), "utf8"));
    } catch {
      // a malformed kustomization: kustomize reports it when it builds
      data = null;
    }
    if (data && typeof data === "object" && !Array.isArray(data)) {
      const positioned = () => {
        const source = cache.get(file);
        const doc = source?.documents[0];
        if (!source || !doc) throw new Error(`${file} cannot be parsed with positions`);
        return { source, doc };
      };
      result = {
        dir,
        file,
        data: data as Record<string, unknown>,
        get source() {
          return positioned().source;
        },
        get doc() {
          return positioned().doc;
        },
      };
    }
  }
  perCache.set(dir, result);
  return result;
}

/** Entries of `resources` and `components` that are local directories (repo-relative). */
export function childDirectories(cache: SourceCache, k: KustomizationFile): string[] {
  return [...asArray(k.data.resources), ...asArray(k.data.components)].flatMap((entry) => {
    const dir = typeof entry === "string" ? localDirectory(cache, k, entry) : null;
    return dir ? [dir] : [];
  });
}

/** A `resources`/`components` entry that is a local directory, as a repo-relative path; else null. */
function localDirectory(cache: SourceCache, k: KustomizationFile, entry: string): string | null {
  if (isRemote(entry)) return null;
  const target = path.posix.normalize(path.posix.join(k.dir, entry));
  try {
    return statSync(path.join(cache.repoRoot, target)).isDirectory() ? target : null;
  } catch {
    return null; // missing resource: kustomize itself reports it
  }
}

/**
 * The first remote base (in declaration order, depth first) a kustomization pulls in, with
 * the line that declares it; found without any network attempt.
 */
export function findRemoteBase(
  cache: SourceCache,
  top: string,
): { file: string; entry: string; line: number | null } | null {
  const seen = new Set<string>();
  const walk = (dir: string): { file: string; entry: string; line: number | null } | null => {
    if (seen.has(dir)) return null;
    seen.add(dir);
    const k = readKustomization(cache, dir);
    if (!k) return null;
    for (const field of ["resources", "components"] as const) {
      const list = asArray(k.data[field]);
      for (let i = 0; i < list.length; i++) {
        const entry = list[i];
        if (typeof entry !== "string") continue;
        if (isRemote(entry)) {
          return { file: k.file, entry, line: locateInDocument(k.source, k.doc.doc, [field, i]).line };
        }
        const child = localDirectory(cache, k, entry);
        const hit = child ? walk(child) : null;
        if (hit) return hit;
      }
    }
    return null;
  };
  return walk(top);
}

/**
 * The first entry (depth first) of a kustomization graph whose file or folder is, or passes
 * through, a link that leaves the repository: kustomize would read it (a pull request could
 * render /etc/passwd or a runner's credentials into a manifest), so it is refused before
 * kustomize runs, at the line that declares it.
 */
export function findLinkOutside(cache: SourceCache, top: string): LinkOutside | null {
  // Asked before the combined build and again before a build of its own: resolve links once.
  let perCache = linksOutside.get(cache);
  if (!perCache) linksOutside.set(cache, (perCache = new Map()));
  if (!perCache.has(top)) perCache.set(top, scanLinksOutside(cache, top));
  return perCache.get(top) ?? null;
}

export interface LinkOutside {
  file: string;
  entry: string;
  line: number | null;
  target: string;
}

const linksOutside = new WeakMap<SourceCache, Map<string, LinkOutside | null>>();

function scanLinksOutside(cache: SourceCache, top: string): LinkOutside | null {
  const root = realRoot(cache.repoRoot);
  const outside = (rel: string): string | null => {
    let real: string;
    try {
      real = realpathSync(path.join(cache.repoRoot, rel));
    } catch {
      return null; // missing: kustomize reports it
    }
    return real === root || real.startsWith(root + path.sep) ? null : real;
  };
  const topTarget = outside(top);
  if (topTarget) return { file: top, entry: top, line: null, target: topTarget };
  const seen = new Set<string>();
  const walk = (dir: string): LinkOutside | null => {
    if (seen.has(dir)) return null;
    seen.add(dir);
    const k = readKustomization(cache, dir);
    if (!k) return null;
    for (const { at, entry } of declaredPaths(k)) {
      const rel = path.posix.normalize(path.posix.join(dir, entry));
      const target = outside(rel);
      if (target)
        return { file: k.file, entry, line: locateInDocument(k.source, k.doc.doc, at).line, target };
      if (at[0] === "resources" || at[0] === "components") {
        const child = localDirectory(cache, k, entry);
        const hit = child ? walk(child) : null;
        if (hit) return hit;
      }
    }
    return null;
  };
  return walk(top);
}

const realRoots = new Map<string, string>();
function realRoot(repoRoot: string): string {
  let real = realRoots.get(repoRoot);
  if (real === undefined) realRoots.set(repoRoot, (real = realpathSync(repoRoot)));
  return real;
}

/** Every local path a kustomization declares, with where in the file it is declared. */
function declaredPaths(k: KustomizationFile): { at: (string | number)[]; entry: string }[] {
  const out: { at: (string | number)[]; entry: string }[] = [];
  const add = (at: (string | number)[], entry: unknown) => {
    if (typeof entry === "string" && !isRemote(entry)) out.push({ at, entry });
  };
  for (const field of ["resources", "components"] as const)
    asArray(k.data[field]).forEach((e, i) => add([field, i], e));
  for (const field of ["patches", "replacements"] as const)
    asArray(k.data[field]).forEach((e, i) => add([field, i, "path"], (e as { path?: unknown } | null)?.path));
  for (const field of ["configMapGenerator", "secretGenerator"] as const) {
    asArray(k.data[field]).forEach((g, i) => {
      const gen = (g ?? {}) as { files?: unknown; envs?: unknown; env?: unknown };
      asArray(gen.files).forEach((f, j) =>
        add([field, i, "files", j], typeof f === "string" ? f.split("=").pop() : f),
      );
      asArray(gen.envs).forEach((f, j) => add([field, i, "envs", j], f));
      add([field, i, "env"], gen.env);
    });
  }
  return out;
}

/**
 * The YAML problems (tabs, duplicate keys, bad indentation, aliases) of every file kustomize
 * parses as YAML for a build: kustomization files, resources, components, patches and
 * replacements. Looked for before kustomize runs (suspects only: a tab or a duplicate key it
 * would hide) and after it fails (every file), so each is reported once, at its own file and
 * line, not as kustomize's text at the overlay. Generator inputs are data, not parsed here;
 * missing files are kustomize's.
 */
export function yamlProblems(
  cache: SourceCache,
  top: string,
  /** Parse only the files the line scan flags (the build has not failed). */
  suspectsOnly = false,
): { file: string; line: number | null; message: string }[] {
  const out: { file: string; line: number | null; message: string }[] = [];
  const seen = new Set<string>();
  const check = (file: string) => {
    if (seen.has(file) || !/\.ya?ml$/.test(file) || !existsSync(path.join(cache.repoRoot, file))) return;
    seen.add(file);
    for (const p of cache.problems(file, suspectsOnly)) out.push({ file, line: p.line, message: p.message });
  };
  const walk = (dir: string): void => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const k = findKustomizationFile(cache.repoRoot, dir);
    if (k) check(k);
    const parsed = readKustomization(cache, dir);
    if (!parsed) return;
    for (const { at, entry } of declaredPaths(parsed)) {
      if (at[0] === "configMapGenerator" || at[0] === "secretGenerator") continue;
      const target = path.posix.normalize(path.posix.join(dir, entry));
      const child =
        at[0] === "resources" || at[0] === "components" ? localDirectory(cache, parsed, entry) : null;
      if (child) walk(child);
      else check(target);
    }
    asArray(parsed.data.patchesStrategicMerge).forEach((e) => {
      if (typeof e === "string" && !isRemote(e)) check(path.posix.normalize(path.posix.join(dir, e)));
    });
  };
  walk(top);
  return out;
}

/** Remote bases: URLs, git shorthands and github.com paths (no network is ever attempted). */
export function isRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^git@/.test(entry) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) ||
    /\?ref=|\/\/.*\?|\.git($|\/|\?)/.test(entry)
  );
}

/**
 * The kustomization directories from `top` down to the one that directly declares `file`
 * (top first): the layers whose patches and replacements may have changed that object.
 */
export function kustomizationChain(cache: SourceCache, top: string, file: string): KustomizationFile[] {
  const fileDir = path.posix.dirname(file);
  const seen = new Set<string>();
  const walk = (dir: string): KustomizationFile[] | null => {
    if (seen.has(dir)) return null;
    seen.add(dir);
    const k = readKustomization(cache, dir);
    if (!k) return null;
    if (dir === fileDir) return [k];
    for (const child of childDirectories(cache, k)) {
      const rest = walk(child);
      if (rest) return [k, ...rest];
    }
    return null;
  };
  return walk(top) ?? [];
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Every directory and file a kustomization build reads (resources, components, patches,
 * generator inputs, replacements), so a change can be mapped to the builds it affects.
 */
export function kustomizationInputs(cache: SourceCache, top: string): Set<string> {
  const inputs = new Set<string>();
  const visit = (dir: string): void => {
    if (inputs.has(dir)) return;
    inputs.add(dir);
    const k = readKustomization(cache, dir);
    if (!k) return;
    inputs.add(k.file);
    const files = declaredPaths(k).map((d) => d.entry);
    for (const f of files) {
      const target = path.posix.normalize(path.posix.join(dir, f));
      try {
        if (statSync(path.join(cache.repoRoot, target)).isDirectory()) visit(target);
        else inputs.add(target);
      } catch {
        inputs.add(target);
      }
    }
  };
  visit(top);
  return inputs;
}
