/**
 * One environment as Flux applies it: the cluster directory (the root), the Kustomizations it
 * declares, their rendered paths and the objects after post-build substitution.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { JsonPath, RenderedObject } from "../model/manifest.ts";
import { isFluxKustomization, readFluxKustomization, type FluxKustomization } from "./flux.ts";
import {
  findKustomizationFile,
  findLinkOutside,
  findRemoteBase,
  kustomizationInputs,
  yamlProblems,
} from "./kustomization-file.ts";
import { explainKustomizeError } from "./kustomize-errors.ts";
import { splitRendered, type RawDoc } from "./kustomize-output.ts";
import { readPlainFiles } from "./plain-files.ts";
import { PostBuild, type VariableUse } from "./post-build.ts";
import type { RenderProblem } from "./problems.ts";
import { toRenderedObject } from "./rendered-object.ts";
import type { VariableDeclarations } from "./variables.ts";
import type { SourceCache } from "./yaml-source.ts";
import { FLUX_KUSTOMIZATION, isKind } from "../model/ack.ts";

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

const isFluxKustomizationDoc = (d: RawDoc) => isKind(d, FLUX_KUSTOMIZATION);

export class EnvironmentBuilder {
  readonly objects: RenderedObject[] = [];
  readonly kustomizations: FluxKustomization[] = [];
  readonly variableUses: VariableUse[] = [];
  root: FluxKustomization | null = null;
  private readonly byKindName = new Map<string, RenderedObject>();
  /** "Kind/namespace/name" → object, for substituteFrom look-ups. */
  private readonly byIdentity = new Map<string, RenderedObject>();
  private readonly postBuild: PostBuild;

  constructor(
    readonly name: string,
    /** Repository-relative: clusters/<env>. */
    readonly dir: string,
    readonly repoRoot: string,
    readonly cache: SourceCache,
    variables: VariableDeclarations,
    readonly problems: RenderProblem[],
  ) {
    this.postBuild = new PostBuild({
      environment: name,
      variables,
      problems,
      lookup: (kind, namespace, objectName) => this.byIdentity.get(`${kind}/${namespace}/${objectName}`),
    });
  }

  /** Step 1: the cluster directory as Flux's root Kustomization applies it. */
  loadRoot(): void {
    const rawDocs = this.plainFiles(this.dir);
    // Find the root Kustomization first (its postBuild applies to the root files too); only
    // Kustomization documents are read for that: every object is built once, below.
    this.root =
      rawDocs
        .filter(isFluxKustomizationDoc)
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

  /** Flux Kustomizations declared by rendered paths (rendered in turn). */
  nestedIn(results: Iterable<readonly [FluxKustomization, RawDoc[]]>): FluxKustomization[] {
    const nested: FluxKustomization[] = [];
    for (const [k, docs] of results) {
      for (const d of docs) {
        if (isFluxKustomizationDoc(d)) {
          const adopted = this.adoptNested(d, k);
          if (adopted) nested.push(adopted);
        }
      }
    }
    return nested;
  }

  private adoptNested(doc: RawDoc, parent: FluxKustomization): FluxKustomization | null {
    const object = this.objects.find(
      (o) => o.kind === doc.kind && o.name === doc.name && o.kustomization === parent.name,
    );
    if (!object) return null;
    const k = readFluxKustomization(object);
    if (this.kustomizations.some((x) => x.name === k.name && x.namespace === k.namespace)) return null;
    this.kustomizations.push(k);
    return k;
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
    const docs = splitRendered(out.stdout, "", out.wrapper, this.repoRoot);
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
      !findLinkOutside(this.cache, k.path) &&
      yamlProblems(this.cache, k.path, true).length === 0 &&
      findKustomizationFile(this.repoRoot, k.path) !== null
    );
  }

  /** Step 2: render one Flux Kustomization's path (kustomize, or plain files without one). */
  async renderKustomizationPath(
    k: FluxKustomization,
    render: (dir: string) => Promise<{ ok: boolean; wrapper: string; stdout: string; stderr: string }>,
  ): Promise<RawDoc[]> {
    const at = (p: JsonPath) => k.object.locate(p);
    const common = { environment: this.name, resource: `Kustomization/${k.name}`, kustomization: k.name };
    if (k.path === null) {
      this.problems.push({
        type: "path-outside-repository",
        rawPath: k.rawPath ?? "",
        message: `spec.path '${k.rawPath}' leaves the repository; paths are relative to the source root`,
        at: at(["spec", "path"]),
        ...common,
      });
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
      this.problems.push({
        type: "path-missing",
        rawPath: k.rawPath ?? "",
        message: `spec.path '${k.rawPath}' does not exist in the repository; create it or fix the path`,
        at: at(["spec", "path"]),
        ...common,
      });
      return [];
    }
    const remote = findRemoteBase(this.cache, k.path);
    if (remote) {
      this.problems.push({
        type: "remote-base",
        entry: remote.entry,
        message: `${remote.file} pulls remote base '${remote.entry}': remote bases are disabled (--no-remote-bases) and would run code from outside this repository; vendor it into the repository`,
        at: { file: remote.file, line: remote.line },
        ...common,
      });
      return [];
    }
    // Files kustomize would parse: each problem at its own line, and no kustomize run.
    const link = findLinkOutside(this.cache, k.path);
    if (link) {
      this.problems.push({
        type: "link-outside-repository",
        entry: link.entry,
        message: `${link.file} reads '${link.entry}', which is or passes through a link to ${link.target}, outside the repository: kustomize would render what it points at; commit the file itself instead of a link`,
        at: { file: link.file, line: link.line },
        ...common,
      });
      return [];
    }
    if (!findKustomizationFile(this.repoRoot, k.path)) return this.plainFiles(k.path);
    // A tab or a duplicate key kustomize would hide: at its own line, and no build.
    if (this.reportYamlProblems(k.name, yamlProblems(this.cache, k.path, true))) return [];
    const out = await render(full);
    // kustomize names a parse error by the overlay; the file that holds it says where.
    if (!out.ok && this.reportYamlProblems(k.name, yamlProblems(this.cache, k.path))) return [];
    if (!out.ok) {
      const file = findKustomizationFile(this.repoRoot, k.path) ?? k.path;
      const failure = explainKustomizeError(this.cache, out.stderr, file, k.path);
      this.problems.push({ type: "kustomize-failed", stderr: out.stderr, ...failure, ...common });
      return [];
    }
    return splitRendered(out.stdout, k.path, out.wrapper, this.repoRoot);
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

  /** Each YAML problem at its own file and line; false when there are none. */
  private reportYamlProblems(
    kustomization: string,
    problems: { file: string; line: number | null; message: string }[],
  ): boolean {
    for (const p of problems) {
      this.problems.push({
        type: "yaml-parse-error",
        message: p.message,
        at: { file: p.file, line: p.line },
        environment: this.name,
        resource: null,
        kustomization,
      });
    }
    return problems.length > 0;
  }

  private isThisRepository(name: string, namespace: string): boolean {
    const repo = this.objects.find(
      (o) => o.kind === "GitRepository" && o.name === name && (o.namespace ?? "flux-system") === namespace,
    );
    return repo === undefined || name === "flux-system" || repo.origin?.startsWith(this.dir) === true;
  }

  private plainFiles(dir: string): RawDoc[] {
    return readPlainFiles(
      { repoRoot: this.repoRoot, cache: this.cache, environment: this.name, problems: this.problems },
      dir,
    );
  }

  private toObject(doc: RawDoc, text: string, kustomization: string): RenderedObject {
    return toRenderedObject(doc, text, {
      environment: this.name,
      kustomization,
      cache: this.cache,
      sibling: (kind, name) => this.byKindName.get(`${kind}/${name}`),
    });
  }

  private addObject(doc: RawDoc, k: FluxKustomization | null, kustomizationName: string): void {
    const substituted = this.postBuild.substitute(doc.text, k);
    const { text } = substituted;
    const object = this.toObject(doc, text, kustomizationName);
    if (text !== doc.text)
      object.unsubstituted = () => this.toObject(doc, doc.text, kustomizationName).object;
    this.objects.push(object);
    this.byKindName.set(`${object.kind}/${object.name}`, object);
    if (object.namespace) this.byIdentity.set(`${object.kind}/${object.namespace}/${object.name}`, object);
    if (k && (substituted.used.length > 0 || substituted.missing.length > 0)) {
      const original = () => this.toObject(doc, doc.text, kustomizationName);
      this.variableUses.push(...this.postBuild.uses(object, original, substituted, k, kustomizationName));
    }
  }
}
