/**
 * Renders every environment as Flux would apply it:
 *  1. discover environments (clusters/<env>/) and parse their files: the cluster root;
 *  2. find the Flux Kustomizations there and render each spec.path with kustomize, in parallel;
 *  3. apply post-build substitution per Kustomization, dependencies first, with values from
 *     inline `substitute`, ConfigMaps rendered from Git, and the declared examples of the
 *     variables Terraform and ACK provide;
 *  4. return objects that can locate any of their fields in the source files.
 * Problems that make a part unrenderable become findings; other environments still render.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../errors.ts";
import type { Finding } from "../model/finding.ts";
import type { JsonPath, RenderedObject, SourceLocation } from "../model/manifest.ts";
import {
  dependencyOrder,
  isFluxKustomization,
  readFluxKustomization,
  TERRAFORM_CONFIGMAP,
  type FluxKustomization,
} from "./flux.ts";
import { findRemoteBase, findKustomizationFile, kustomizationInputs } from "./kustomization-file.ts";
import { detectKustomize, renderKustomization, renderKustomizations, renderPool } from "./kustomize.ts";
import { findDocument, inDocument, makeLocator, type Origin } from "./locate.ts";
import { SUBSTITUTE_DISABLED_ANNOTATION, substituteText } from "./substitute.ts";
import { loadVariables, type VariableDeclarations } from "./variables.ts";
import { parseFast, parseSource, readDocumentsFast, SourceCache, toPosix } from "./yaml-source.ts";

export { TERRAFORM_CONFIGMAP } from "./flux.ts";
export type { FluxKustomization } from "./flux.ts";

export const CLUSTERS_DIR = "clusters";
const ORIGIN_ANNOTATION = "config.kubernetes.io/origin";

export interface VariableUse {
  name: string;
  object: RenderedObject;
  /** Where the `${NAME}` reference is written. */
  location: () => SourceLocation;
}

export interface RenderedEnvironment {
  name: string;
  /** Repository-relative: clusters/<env>. */
  dir: string;
  objects: RenderedObject[];
  kustomizations: FluxKustomization[];
  /** The Kustomization that applies the cluster directory itself, if declared. */
  root: FluxKustomization | null;
  variableUses: VariableUse[];
}

export interface RenderOptions {
  repoRoot: string;
  environments?: string[];
  /**
   * Called as each environment finishes rendering (before the others have): checks can run
   * while kustomize still builds the rest. Awaited before renderEnvironments returns.
   */
  onEnvironment?: (
    env: RenderedEnvironment,
    shared: { variables: VariableDeclarations; cache: SourceCache },
  ) => Promise<void> | void;
  /** Render only environments whose inputs include one of these repo-relative files. */
  onlyAffectedBy?: ReadonlySet<string>;
}

export interface RenderResult {
  environments: RenderedEnvironment[];
  findings: Finding[];
  variables: VariableDeclarations;
  cache: SourceCache;
  stats: { documents: number; renderMs: number; kustomizeRuns: number };
}

export function listEnvironments(repoRoot: string): string[] {
  const dir = path.join(repoRoot, CLUSTERS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith(".") && statSync(path.join(dir, name)).isDirectory())
    .sort();
}

export async function renderEnvironments(options: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  const { repoRoot } = options;
  const cache = new SourceCache(repoRoot);
  const findings: Finding[] = [];
  const variables = await loadVariables(repoRoot);
  for (const p of variables.problems) {
    findings.push(finding("vars/declaration-invalid", p.message, variables.file, p.line, null, null));
  }
  const available = listEnvironments(repoRoot);
  if (available.length === 0) {
    throw new UsageError(
      `no environments found: expected directories under ${path.join(repoRoot, CLUSTERS_DIR)}/ (clusters/<env>/)`,
    );
  }
  const wanted = options.environments?.length ? options.environments : available;
  const unknown = wanted.filter((e) => !available.includes(e));
  if (unknown.length > 0) {
    throw new UsageError(`unknown environment(s) ${unknown.join(", ")}; known: ${available.join(", ")}`);
  }
  const tool = detectKustomize();
  const pool = renderPool();
  let kustomizeRuns = 0;

  const environments = await Promise.all(
    wanted.map(async (name, index): Promise<RenderedEnvironment> => {
      // Let the previous environment's kustomize start (p-limit starts tasks on a microtask)
      // before this one's preparation takes the thread.
      for (let i = 0; i < index; i++) await new Promise((resolve) => setImmediate(resolve));
      const env = new EnvironmentBuilder(name, repoRoot, cache, variables, findings);
      env.loadRoot();
      if (options.onlyAffectedBy && !env.restrictTo(options.onlyAffectedBy)) return env.result();
      // One kustomize process for all of the environment's Kustomizations when their objects
      // can be told apart; otherwise (and for whatever that left) one per Kustomization.
      const rendered = await env.renderTogether((dirs) =>
        pool(() => {
          kustomizeRuns++;
          return renderKustomizations(dirs, tool);
        }),
      );
      const queue = env.kustomizations.filter((k) => !rendered.has(k));
      queue.push(...env.nestedIn([...rendered.entries()]));
      while (queue.length > 0) {
        const batch = queue.splice(0);
        const results = await Promise.all(
          batch.map((k) =>
            pool(async () => {
              const docs = await env.renderKustomizationPath(k, async (dir) => {
                kustomizeRuns++;
                return renderKustomization(dir, tool, toPosix(path.relative(repoRoot, dir)));
              });
              return [k, docs] as const;
            }),
          ),
        );
        for (const [k, docs] of results) rendered.set(k, docs);
        queue.push(...env.nestedIn(results));
      }
      for (const k of dependencyOrder(env.kustomizations)) {
        const docs = rendered.get(k);
        if (docs) env.materialise(k, docs);
      }
      const result = env.result();
      await options.onEnvironment?.(result, { variables, cache });
      return result;
    }),
  );
  const documents = environments.reduce((n, e) => n + e.objects.length, 0);
  return {
    environments,
    findings,
    variables,
    cache,
    stats: { documents, renderMs: performance.now() - started, kustomizeRuns },
  };
}

/** A document of kustomize output (or a plain file), before substitution. */
interface RawDoc {
  text: string;
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | null;
  origin: Origin | null;
  top: string | null;
  /** For documents read straight from a file: their source document (exact locations). */
  direct?: { file: string; index: number };
}

class EnvironmentBuilder {
  readonly dir: string;
  readonly objects: RenderedObject[] = [];
  readonly kustomizations: FluxKustomization[] = [];
  readonly variableUses: VariableUse[] = [];
  root: FluxKustomization | null = null;
  private readonly byKindName = new Map<string, RenderedObject>();
  /** "Kind/namespace/name" → object, for substituteFrom look-ups. */
  private readonly byIdentity = new Map<string, RenderedObject>();
  private readonly values = new Map<FluxKustomization, Map<string, string>>();

  constructor(
    readonly name: string,
    readonly repoRoot: string,
    readonly cache: SourceCache,
    readonly variables: VariableDeclarations,
    readonly findings: Finding[],
  ) {
    this.dir = `${CLUSTERS_DIR}/${name}`;
  }

  /** Step 1: the cluster directory as Flux's root Kustomization applies it. */
  loadRoot(): void {
    const rawDocs = this.plainFiles(this.dir);
    // Find the root Kustomization first (its postBuild applies to the root files too); only
    // Kustomization documents are read for that: every object is built once, below.
    this.root =
      rawDocs
        .filter((d) => d.kind === "Kustomization" && d.apiVersion.startsWith("kustomize.toolkit.fluxcd.io/"))
        .map((d) => readFluxKustomization(this.toObject(d, d.text, "flux-system")))
        .find((k) => k.path === this.dir) ?? null;
    const rootName = this.root?.name ?? "flux-system";
    for (const doc of rawDocs) this.addObject(doc, this.root, rootName);
    for (const o of this.objects) {
      if (isFluxKustomization(o)) {
        const k = readFluxKustomization(o);
        if (k.path !== this.dir) this.kustomizations.push(k);
      }
    }
  }

  /**
   * Keeps only the Kustomizations a change can affect (and those they depend on or that depend
   * on them, so cross-object checks still see both ends). False when nothing is affected.
   */
  restrictTo(changed: ReadonlySet<string>): boolean {
    const touches = (inputs: Iterable<string>) =>
      [...inputs].some((i) => changed.has(i) || [...changed].some((c) => c.startsWith(`${i}/`)));
    const rootChanged = [...changed].some((c) => c.startsWith(`${this.dir}/`));
    if (rootChanged) return true;
    const affected = new Set(
      this.kustomizations.filter((k) => k.path !== null && touches(kustomizationInputs(this.cache, k.path))),
    );
    if (affected.size === 0) {
      this.objects.length = 0;
      this.kustomizations.length = 0;
      this.variableUses.length = 0;
      return false;
    }
    let grew = true;
    while (grew) {
      grew = false;
      for (const k of this.kustomizations) {
        if (affected.has(k)) continue;
        const related = [...affected].some(
          (a) => a.dependsOn.some((d) => d.name === k.name) || k.dependsOn.some((d) => d.name === a.name),
        );
        if (related) {
          affected.add(k);
          grew = true;
        }
      }
    }
    this.kustomizations.splice(
      0,
      this.kustomizations.length,
      ...this.kustomizations.filter((k) => affected.has(k)),
    );
    return true;
  }

  adoptNested(doc: RawDoc, parent: FluxKustomization): FluxKustomization | null {
    const object = this.objects.find(
      (o) => o.kind === doc.kind && o.name === doc.name && o.kustomization === parent.name,
    );
    if (!object) return null;
    const k = readFluxKustomization(object);
    if (this.kustomizations.some((x) => x.name === k.name && x.namespace === k.namespace)) return null;
    this.kustomizations.push(k);
    return k;
  }

  /** Flux Kustomizations declared by rendered paths (rendered in turn). */
  nestedIn(results: Iterable<readonly [FluxKustomization, RawDoc[]]>): FluxKustomization[] {
    const nested: FluxKustomization[] = [];
    for (const [k, docs] of results) {
      for (const d of docs) {
        if (d.kind === "Kustomization" && d.apiVersion.startsWith("kustomize.toolkit.fluxcd.io/")) {
          const adopted = this.adoptNested(d, k);
          if (adopted) nested.push(adopted);
        }
      }
    }
    return nested;
  }

  /**
   * Renders every plainly renderable Kustomization in one kustomize process and gives each
   * object to the Kustomization whose inputs hold its origin file. Returns what it rendered;
   * an empty map (everything goes the one-by-one way) when a file belongs to two Kustomizations,
   * an object's origin is unknown, or the combined build fails.
   */
  async renderTogether(
    renderMany: (
      dirs: { dir: string; displayName: string }[],
    ) => Promise<{ ok: boolean; wrapper: string; stdout: string }>,
  ): Promise<Map<FluxKustomization, RawDoc[]>> {
    const result = new Map<FluxKustomization, RawDoc[]>();
    const candidates = this.kustomizations.filter((k) => this.plainlyRenderable(k));
    if (candidates.length < 2) return result;
    const owner = new Map<string, FluxKustomization>();
    for (const k of candidates) {
      for (const input of kustomizationInputs(this.cache, k.path as string)) {
        const other = owner.get(input);
        if (other && other !== k) return result;
        owner.set(input, k);
      }
    }
    const out = await renderMany(
      candidates.map((k) => ({
        dir: path.join(this.repoRoot, k.path as string),
        displayName: k.path as string,
      })),
    );
    if (!out.ok) return result;
    const docs = this.splitRendered(out.stdout, "", out.wrapper);
    for (const k of candidates) result.set(k, []);
    for (const doc of docs) {
      const k = doc.origin ? owner.get(doc.origin.file) : undefined;
      if (!k) return new Map();
      result.get(k)?.push({ ...doc, top: k.path });
    }
    return result;
  }

  /** The checks renderKustomizationPath makes before running kustomize, without reporting. */
  private plainlyRenderable(k: FluxKustomization): boolean {
    if (k.path === null) return false;
    if (
      k.sourceRef &&
      k.sourceRef.kind === "GitRepository" &&
      !this.isThisRepository(k.sourceRef.name, k.sourceRef.namespace)
    )
      return false;
    const full = path.join(this.repoRoot, k.path);
    return (
      existsSync(full) &&
      statSync(full).isDirectory() &&
      !findRemoteBase(this.cache, k.path) &&
      findKustomizationFile(this.repoRoot, k.path) !== null
    );
  }

  /** Step 2: render one Flux Kustomization's path (kustomize, or plain files without one). */
  async renderKustomizationPath(
    k: FluxKustomization,
    render: (dir: string) => Promise<{ ok: boolean; wrapper: string; stdout: string; stderr: string }>,
  ): Promise<RawDoc[]> {
    const at = (p: JsonPath) => k.object.locate(p);
    if (k.path === null) {
      this.report(
        "flux/path-invalid",
        `spec.path '${k.rawPath}' leaves the repository; paths are relative to the source root`,
        at(["spec", "path"]),
        k,
      );
      return [];
    }
    if (
      k.sourceRef &&
      k.sourceRef.kind === "GitRepository" &&
      !this.isThisRepository(k.sourceRef.name, k.sourceRef.namespace)
    ) {
      return []; // another repository: not ours to render (the flux rules report unknown sources)
    }
    const full = path.join(this.repoRoot, k.path);
    if (!existsSync(full) || !statSync(full).isDirectory()) {
      this.report(
        "flux/path-missing",
        `spec.path '${k.rawPath}' does not exist in the repository; create it or fix the path`,
        at(["spec", "path"]),
        k,
      );
      return [];
    }
    const remote = findRemoteBase(this.cache, k.path);
    if (remote) {
      this.report(
        "flux/remote-base",
        `${remote.file} pulls remote base '${remote.entry}': remote bases are disabled (--no-remote-bases) and would run code from outside this repository; vendor it into the repository`,
        { file: remote.file, line: remote.line },
        k,
      );
      return [];
    }
    if (!findKustomizationFile(this.repoRoot, k.path)) return this.plainFiles(k.path);
    const out = await render(full);
    if (!out.ok) {
      const file = findKustomizationFile(this.repoRoot, k.path) ?? k.path;
      this.report(
        "render/kustomize-failed",
        `kustomize build failed: ${out.stderr || "no output"}`,
        this.lineFromKustomizeError(out.stderr, file),
        k,
      );
      return [];
    }
    return this.splitRendered(out.stdout, k.path, out.wrapper);
  }

  /** Step 3: substitute and build the objects of one rendered Kustomization. */
  materialise(k: FluxKustomization, docs: RawDoc[]): void {
    for (const doc of docs) this.addObject(doc, k, k.name);
  }

  result(): RenderedEnvironment {
    return {
      name: this.name,
      dir: this.dir,
      objects: this.objects,
      kustomizations: this.kustomizations,
      root: this.root,
      variableUses: this.variableUses,
    };
  }

  // ---- helpers -------------------------------------------------------------------------------

  private isThisRepository(name: string, namespace: string): boolean {
    const repo = this.objects.find(
      (o) => o.kind === "GitRepository" && o.name === name && (o.namespace ?? "flux-system") === namespace,
    );
    return repo === undefined || name === "flux-system" || repo.origin?.startsWith(this.dir) === true;
  }

  private lineFromKustomizeError(stderr: string, file: string): SourceLocation {
    const source = this.cache.get(file);
    // kustomize names the missing or failing entry; point at the line that mentions it,
    // most specific mention first (a patch or file path, then quoted names, innermost first).
    const candidates = [
      ...[...stderr.matchAll(/path\(([^)]+)\)/g)].map((m) => m[1] ?? ""),
      ...[...stderr.matchAll(/path: ([^\s`]+)/g)].map((m) => m[1] ?? ""),
      ...[...stderr.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? "").reverse(),
    ];
    const lines = source?.text.split("\n") ?? [];
    for (const q of candidates) {
      const base = path.posix.basename(q);
      const idx = lines.findIndex((l) => base.length > 2 && l.includes(base));
      if (idx >= 0) return { file, line: idx + 1 };
    }
    return { file, line: null };
  }

  /** Files of a directory without kustomization.yaml, as Flux's generator would include them. */
  private plainFiles(dir: string): RawDoc[] {
    const out: RawDoc[] = [];
    const walk = (d: string) => {
      const full = path.join(this.repoRoot, d);
      for (const entry of readdirSync(full).sort()) {
        if (entry.startsWith(".")) continue;
        const rel = `${d}/${entry}`;
        if (statSync(path.join(this.repoRoot, rel)).isDirectory()) {
          walk(rel);
          continue;
        }
        if (!/\.(ya?ml|json)$/.test(entry)) continue;
        // Positions cost ~5× a plain parse: take them only for files that do not parse cleanly
        // (to report where) and, later, for objects a finding points into.
        let docs: { index: number; text: string; value: unknown }[] | null = readDocumentsFast(
          this.repoRoot,
          rel,
        );
        if (!docs) {
          const source = this.cache.get(rel);
          if (!source) continue;
          for (const p of source.problems) {
            this.findings.push(finding("yaml/parse-error", p.message, rel, p.line, this.name, null));
          }
          docs = source.documents.map((d2) => ({
            index: d2.index,
            value: d2.value,
            text: source.text.slice(d2.doc.range[0], d2.doc.range[2]),
          }));
        }
        for (const d2 of docs) {
          const v = d2.value as Record<string, unknown> | null;
          if (v === null || v === undefined || typeof v !== "object") continue;
          const meta = (v.metadata ?? {}) as Record<string, unknown>;
          if (typeof v.apiVersion !== "string" || typeof v.kind !== "string") {
            const source = this.cache.get(rel);
            const doc = source?.documents[d2.index];
            this.findings.push(
              finding(
                "render/not-a-manifest",
                "document has no apiVersion/kind: Flux applies every YAML file in this directory and would fail on it; move it out or make it a Kubernetes object",
                rel,
                source && doc ? inDocument(source, doc.doc, []).line : null,
                this.name,
                null,
              ),
            );
            continue;
          }
          out.push({
            text: d2.text,
            apiVersion: v.apiVersion,
            kind: v.kind,
            name: typeof meta.name === "string" ? meta.name : "",
            namespace: typeof meta.namespace === "string" ? meta.namespace : null,
            origin: { file: rel, generator: null },
            top: null,
            direct: { file: rel, index: d2.index },
          });
        }
      }
    };
    walk(dir);
    return out;
  }

  /**
   * Splits kustomize output into documents and reads identity and origin from each metadata
   * block. kustomize prints canonical YAML (top-level keys first, two-space indentation), so the
   * few fields needed here are read by pattern; the document itself is parsed once, later.
   */
  private splitRendered(stdout: string, top: string, wrapper: string): RawDoc[] {
    const docs: RawDoc[] = [];
    for (const text of stdout.split(/^---\n/m)) {
      if (text.trim() === "") continue;
      const meta = /^metadata:\n((?: .*\n?)*)/m.exec(text)?.[1] ?? "";
      const origin = /^ {4}config\.kubernetes\.io\/origin: \|\n((?: {6}.*\n?)+)/m
        .exec(meta)?.[1]
        ?.replace(/^ {6}/gm, "");
      docs.push({
        text,
        apiVersion: scalar(/^apiVersion: (.+)$/m.exec(text)?.[1]),
        kind: scalar(/^kind: (.+)$/m.exec(text)?.[1]),
        name: scalar(/^ {2}name: (.+)$/m.exec(meta)?.[1]),
        namespace: /^ {2}namespace: (.+)$/m.test(meta)
          ? scalar(/^ {2}namespace: (.+)$/m.exec(meta)?.[1])
          : null,
        origin: this.parseOrigin(origin, wrapper),
        top,
      });
    }
    return docs;
  }

  /** Origin paths are relative to the temporary wrapper kustomization: make them repo-relative. */
  private parseOrigin(annotation: string | undefined, wrapper: string): Origin | null {
    if (!annotation) return null;
    const rel = scalar(/^(?:path|configuredIn): (.+)$/m.exec(annotation)?.[1]);
    if (!rel) return null;
    const repoPath = toPosix(path.relative(this.repoRoot, path.resolve(wrapper, rel)));
    if (repoPath.startsWith("..") || path.isAbsolute(repoPath)) return null;
    const generator = /^configuredBy:\n(?: .*\n?)*?\s+kind: (\S+)/m.exec(annotation)?.[1] ?? null;
    return { file: repoPath, generator };
  }

  private toObject(doc: RawDoc, text: string, kustomization: string): RenderedObject {
    let value: Record<string, unknown>;
    try {
      value = (parseFast(text) ?? {}) as Record<string, unknown>;
    } catch {
      value = {};
    }
    const meta = (value.metadata ?? {}) as Record<string, unknown>;
    const annotations = meta.annotations as Record<string, unknown> | undefined;
    if (annotations && ORIGIN_ANNOTATION in annotations) {
      delete annotations[ORIGIN_ANNOTATION];
      if (Object.keys(annotations).length === 0) delete meta.annotations;
    }
    const object: RenderedObject = {
      environment: this.name,
      kustomization,
      apiVersion: typeof value.apiVersion === "string" ? value.apiVersion : doc.apiVersion,
      kind: typeof value.kind === "string" ? value.kind : doc.kind,
      name: typeof meta.name === "string" ? meta.name : doc.name,
      namespace: typeof meta.namespace === "string" ? meta.namespace : doc.namespace,
      object: value,
      origin: doc.origin?.file ?? null,
      locate: () => ({ file: doc.origin?.file ?? "", line: null }),
    };
    if (doc.direct) {
      const { file, index } = doc.direct;
      object.locate = (p) => {
        const source = this.cache.get(file);
        const d = source?.documents[index];
        return source && d ? inDocument(source, d.doc, p) : { file, line: null };
      };
    } else {
      object.locate = makeLocator({
        cache: this.cache,
        top: doc.top,
        origin: doc.origin,
        object: { kind: object.kind, name: object.name, value },
        sibling: (kind, name) => this.byKindName.get(`${kind}/${name}`),
      });
    }
    return object;
  }

  private addObject(doc: RawDoc, k: FluxKustomization | null, kustomizationName: string): void {
    let text = doc.text;
    const disabled = new RegExp(
      `${SUBSTITUTE_DISABLED_ANNOTATION.replace(/\./g, "\\.")}:\\s*["']?disabled`,
    ).test(text);
    let missing: string[] = [];
    let used: string[] = [];
    if (k && k.hasPostBuild && !disabled && text.includes("${")) {
      const result = substituteText(text, this.valuesFor(k));
      text = result.text;
      missing = result.missing;
      used = result.used;
    }
    const object = this.toObject(doc, text, kustomizationName);
    if (text !== doc.text)
      object.unsubstituted = () => this.toObject(doc, doc.text, kustomizationName).object;
    this.objects.push(object);
    this.byKindName.set(`${object.kind}/${object.name}`, object);
    if (object.namespace) this.byIdentity.set(`${object.kind}/${object.namespace}/${object.name}`, object);
    if (used.length > 0 || missing.length > 0) {
      const original = () => this.toObject(doc, doc.text, kustomizationName);
      for (const name of new Set([...used, ...missing])) {
        const location = () => {
          const pre = original();
          const p = findVariable(pre.object, name);
          return p ? pre.locate(p) : pre.locate([]);
        };
        this.variableUses.push({ name, object, location });
        if (missing.includes(name)) {
          this.report(
            "flux/variable-unresolved",
            `\${${name}} has no value in Kustomization ${kustomizationName} (strict substitution fails the reconciliation): declare it in clusters/variables.yaml and provide it through postBuild.substitute or substituteFrom, or give a default (\${${name}:=value})`,
            location(),
            k,
            object,
          );
        }
      }
    }
  }

  /** Values Flux would have: substituteFrom in order (later wins), then inline substitute. */
  private valuesFor(k: FluxKustomization): Map<string, string> {
    // Computed once per Kustomization: materialise() runs dependencies first, so the Git
    // ConfigMaps a Kustomization reads are already rendered when its first object needs them.
    const cached = this.values.get(k);
    if (cached) return cached;
    const values = new Map<string, string>();
    this.values.set(k, values);
    for (const from of k.substituteFrom) {
      const ref = `${k.namespace}/${from.name}`;
      // Examples stand in only for values that live outside Git (Terraform, ACK exports);
      // a git-provided variable has exactly the value the repository gives it, or none.
      const declared = [...this.variables.variables.values()].filter(
        (v) =>
          (v.provider === "terraform" && ref === TERRAFORM_CONFIGMAP) ||
          (v.provider === "ack-field-export" && v.configMap === ref),
      );
      const declaredInGit = [...this.variables.variables.values()].some(
        (v) => v.provider === "git" && v.configMap === ref,
      );
      for (const v of declared) values.set(v.name, v.example);
      const inGit = this.byIdentity.get(`${from.kind}/${k.namespace}/${from.name}`);
      const data = inGit?.object.data as Record<string, unknown> | undefined;
      if (data) for (const [key, value] of Object.entries(data)) values.set(key, String(value));
      if (!inGit && declared.length === 0 && !declaredInGit && !from.optional) {
        this.report(
          "flux/substitute-source-missing",
          `substituteFrom ${from.kind} '${from.name}' is neither in this repository nor a declared provider of variables (clusters/variables.yaml); Flux fails the reconciliation until it exists (mark it optional: true if that is intended)`,
          k.object.locate(["spec", "postBuild", "substituteFrom", from.index]),
          k,
        );
      }
    }
    for (const [key, value] of Object.entries(k.substitute)) values.set(key, value);
    return values;
  }

  private report(
    rule: string,
    message: string,
    at: SourceLocation,
    k: FluxKustomization | null,
    object?: RenderedObject,
  ): void {
    const resource = object ? `${object.kind}/${object.name}` : k ? `Kustomization/${k.name}` : null;
    this.findings.push(finding(rule, message, at.file, at.line, this.name, resource));
  }
}

/** A scalar from kustomize's canonical output: plain, 'single' or "double" quoted. */
function scalar(raw: string | undefined): string {
  if (raw === undefined) return "";
  const v = raw.trim();
  if (v.startsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      return v;
    }
  }
  if (v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  return v;
}

function findVariable(
  value: unknown,
  name: string,
  at: (string | number)[] = [],
): (string | number)[] | null {
  if (typeof value === "string") return value.includes(`\${${name}`) ? at : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findVariable(value[i], name, [...at, i]);
      if (hit) return embeddedPath(value[i], name, hit);
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const hit = findVariable(v, name, [...at, k]);
      if (hit) return embeddedPath(v, name, hit);
    }
  }
  return null;
}

/** For a string holding a JSON document (ASL, event pattern), descend to the field with the variable. */
function embeddedPath(value: unknown, name: string, hit: (string | number)[]): (string | number)[] {
  if (typeof value !== "string" || !/^\s*[{[]/.test(value)) return hit;
  try {
    const inner = findVariable(JSON.parse(value), name);
    return inner ? [...hit, ...inner] : hit;
  } catch {
    return hit;
  }
}

export function finding(
  rule: string,
  message: string,
  file: string,
  line: number | null,
  environment: string | null,
  resource: string | null,
  severity: "error" | "warning" = "error",
): Finding {
  return { rule, severity, message, file, line, environment, resource };
}

export { parseSource, findDocument };
