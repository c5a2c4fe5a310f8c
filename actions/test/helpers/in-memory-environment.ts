/**
 * Rendered environments and rule contexts built in memory, for testing rule logic without
 * kustomize, git or a copy of the repository:
 *  - inMemoryEnvironment: YAML text per repository-relative file; every document becomes a
 *    RenderedObject that locates its fields in that text (the renderer's own positioned parse),
 *    Flux Kustomizations become the environment's kustomizations (the one applying
 *    clusters/<env> is its root), and `${VAR}`s are substituted from `values` as Flux would;
 *  - environmentContext / repositoryContext: what the engine gives rules, with the repository's
 *    real schemas and, by default, its real clusters/variables.yaml;
 *  - pipelineUploads: a pipeline and the files it uploads, given as lists (no git listing);
 *  - renderProblem: the typed problem a renderer returns (the one place that builds them).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { prepareAslValidator } from "../../src/asl/index.ts";
import type { RenderedObject, SourceLocation } from "../../src/model/manifest.ts";
import { declaredResources } from "../../src/pipeline/index.ts";
import type { MatchableRule, Pipeline, SourceSpec } from "../../src/pipeline/index.ts";
import { isFluxKustomization, readFluxKustomization } from "../../src/render/flux.ts";
import type { FluxKustomization, RenderedEnvironment, VariableUse } from "../../src/render/index.ts";
import { inDocument } from "../../src/render/locate.ts";
import type { RenderProblem } from "../../src/render/problems.ts";
import { substituteText } from "../../src/render/substitute.ts";
import { loadVariables, PROVIDERS, type VariableDeclarations } from "../../src/render/variables.ts";
import type { VariableProvider } from "../../src/render/variables.ts";
import {
  locateInDocument,
  parseWithoutPositions,
  parseSource,
  splitDocumentsWithoutPositions,
  type SourceFile,
} from "../../src/render/yaml-source.ts";
import {
  loadSchemaRegistry,
  type PrecompiledModule,
  type PrecompiledSchemas,
  type SchemaRegistry,
  type SchemaResult,
} from "../../src/schemas/validator.ts";
import { loadConstraintChecker, type ConstraintChecker } from "../../src/schemas/aws-constraints/check.ts";
import type {
  EnvironmentContext,
  PipelineProblem,
  PipelineUploads,
  RepositoryContext,
} from "../../src/validate/context.ts";
import type { ManifestFile } from "../../src/validate/manifest-files.ts";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Repository-relative file → YAML (or JSON) text. */
export type SourceFiles = Readonly<Record<string, string>>;

export interface InMemoryEnvironment extends RenderedEnvironment {
  /** The files it was built from (the manifests repository rules scan as text). */
  sources: ManifestFile[];
}

export interface EnvironmentInput {
  name: string;
  files: SourceFiles;
  /** Flux post-build values (one map for the whole environment); none: nothing is substituted. */
  values?: Readonly<Record<string, string>>;
  /**
   * Which Flux Kustomization renders a file (what kustomize's origin annotations tell the real
   * renderer); default, or when it answers undefined: the one whose path holds the file.
   */
  ownerOf?: (file: string) => string | undefined;
  /** Variable uses besides those found in the files' `${VAR}` references. */
  variableUses?: { name: string; file: string; line: number | null; object?: RenderedObject }[];
}

/**
 * Builds a rendered environment from source text, as the renderer builds plain files: values
 * from the fast parse, positions (the renderer's positioned parse) only when a field is located.
 */
export function inMemoryEnvironment(input: EnvironmentInput): InMemoryEnvironment {
  const dir = `clusters/${input.name}`;
  const values = input.values ? new Map(Object.entries(input.values)) : null;
  const objects: RenderedObject[] = [];
  const variableUses: VariableUse[] = [];
  const fileOf = new Map<RenderedObject, string>();
  for (const [file, text] of Object.entries(input.files)) {
    let positioned: SourceFile | null = null;
    const source = (): SourceFile => (positioned ??= parseSource(file, text));
    const docs = splitDocumentsWithoutPositions(text);
    if (!docs) {
      const p = source().problems[0];
      throw new Error(`${file}:${p?.line}: ${p?.message} (feed a yaml-parse-error render problem instead)`);
    }
    for (const { index, text: docText, value: raw } of docs) {
      const value = raw as Record<string, unknown> | null;
      if (value === null || typeof value !== "object") continue;
      if (typeof value.apiVersion !== "string" || typeof value.kind !== "string")
        throw new Error(`${file}: a document has no apiVersion/kind (feed a not-a-manifest render problem)`);
      const substituted = values ? substituteText(docText, values) : null;
      const object =
        substituted && substituted.text !== docText
          ? ((parseWithoutPositions(substituted.text) ?? {}) as Record<string, unknown>)
          : value;
      const meta = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
      const documentOf = () => {
        const doc = source().documents[index];
        if (!doc) throw new Error(`${file}: document ${index} has no positions`);
        return doc;
      };
      const rendered: RenderedObject = {
        environment: input.name,
        kustomization: "flux-system",
        apiVersion: String(object.apiVersion),
        kind: String(object.kind),
        name: typeof meta.name === "string" ? meta.name : "",
        namespace: typeof meta.namespace === "string" ? meta.namespace : null,
        object,
        origin: file,
        locate: (p) => inDocument(source(), documentOf().doc, p),
      };
      if (object !== value) rendered.unsubstituted = () => value;
      objects.push(rendered);
      fileOf.set(rendered, file);
      // Each `${VAR}` the document references, at the first line that writes it.
      for (const name of substituted?.used ?? []) {
        const location = (): SourceLocation => {
          const start = documentOf().doc.range[0];
          const lines = text.slice(start).split("\n");
          const offset = lines.findIndex((l) => new RegExp(`\\$\\{${name}\\b`).test(l));
          return { file, line: text.slice(0, start).split("\n").length + Math.max(offset, 0) };
        };
        variableUses.push({ name, object: rendered, location });
      }
    }
  }
  const all = objects.filter(isFluxKustomization).map(readFluxKustomization);
  const root = all.find((k) => k.path === dir) ?? null;
  const kustomizations = all.filter((k) => k !== root);
  // An object belongs to the Kustomization whose path holds its file (else the cluster root).
  for (const o of objects) {
    const file = fileOf.get(o) ?? "";
    const owner =
      input.ownerOf?.(file) ??
      kustomizations.find((k: FluxKustomization) => k.path && file.startsWith(`${k.path}/`))?.name;
    o.kustomization = owner ?? root?.name ?? "flux-system";
  }
  for (const use of input.variableUses ?? []) {
    const object = use.object ?? objects.find((o) => fileOf.get(o) === use.file) ?? objects[0];
    if (!object) throw new Error("variableUses need at least one object");
    variableUses.push({ name: use.name, object, location: () => ({ file: use.file, line: use.line }) });
  }
  return {
    name: input.name,
    dir,
    objects,
    kustomizations,
    root,
    variableUses,
    sources: Object.entries(input.files).map(([file, text]) => ({ file, text })),
  };
}

/** 1-based line of the first line of `text` containing `needle` (throws when there is none). */
export function lineOf(text: string | undefined, needle: string): number {
  const index = (text ?? "").split("\n").findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`'${needle}' is not in the text`);
  return index + 1;
}

// ---- variables ------------------------------------------------------------------------------

let repositoryVariables: Promise<VariableDeclarations> | null = null;

/** The repository's own clusters/variables.yaml, read once. */
export function repoVariables(): Promise<VariableDeclarations> {
  return (repositoryVariables ??= loadVariables(REPO_ROOT));
}

/**
 * A declaration file given as text (clusters/variables.yaml), read without validation: a
 * malformed declaration is a variables-invalid render problem, fed with renderProblem().
 */
export function variablesFromText(text: string, file = "clusters/variables.yaml"): VariableDeclarations {
  const source = parseSource(file, text);
  const doc = source.documents[0];
  const entries = ((doc?.value as { variables?: Record<string, Record<string, unknown>> } | null)
    ?.variables ?? {}) as Record<string, Record<string, unknown>>;
  const variables: VariableDeclarations["variables"] = new Map();
  for (const [name, entry] of Object.entries(entries)) {
    const provider = entry.provider as VariableProvider;
    if (!PROVIDERS.includes(provider)) throw new Error(`variable ${name}: unknown provider`);
    variables.set(name, {
      name,
      description: String(entry.description ?? ""),
      provider,
      example: String(entry.example ?? ""),
      pattern: typeof entry.pattern === "string" ? new RegExp(entry.pattern) : null,
      configMap: typeof entry.configMap === "string" ? entry.configMap : null,
      line: doc ? locateInDocument(source, doc.doc, ["variables", name]).line : null,
    });
  }
  return { file, source, variables, problems: [] };
}

/** The values Flux would substitute offline: declared examples, then the given (Git) values. */
export function exampleValues(
  decl: VariableDeclarations,
  overrides: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const v of decl.variables.values()) values[v.name] = v.example;
  return { ...values, ...overrides };
}

// ---- pipelines --------------------------------------------------------------------------------

export interface PipelineInput {
  /** Folder holding pipeline.yaml, e.g. apps/taxi-trips. */
  dir: string;
  sources: SourceSpec[];
  /** Repository-relative files Git tracks under the sources. */
  files: string[];
  /** Which of them are Spark entry points. */
  entryPoints: string[];
  /** Default: the spec.name of the one Bucket declared under `dir`. */
  bucket?: string;
}

/** A pipeline of the environment with the files it uploads, as UploadsCache would list them. */
export function pipelineUploads(env: RenderedEnvironment, input: PipelineInput): PipelineUploads {
  const declared = declaredResources(env.objects);
  const bucket =
    input.bucket ?? declared.buckets.find((b) => b.object.origin?.startsWith(`${input.dir}/`))?.name ?? "";
  const target: Pipeline = {
    name: path.posix.basename(input.dir),
    dir: input.dir,
    bucket,
    sources: input.sources,
    rules: declared.rules.filter((r): r is MatchableRule => r.pattern !== null),
    stateMachines: new Map(declared.stateMachines.map((s) => [s.name, s])),
    virtualClusters: declared.virtualClusters.filter((v) => v.object.origin?.startsWith(`${input.dir}/`)),
  };
  const files = input.files.map((file) => {
    const relative = file.slice(input.dir.length + 1);
    const source = input.sources.findIndex((s) => relative.startsWith(`${s.dir}/`));
    const spec = input.sources[source];
    if (!spec) throw new Error(`${file} is under none of the pipeline's sources`);
    const key = spec.prefix + relative.slice(spec.dir.length + 1);
    return { file, abs: path.join(REPO_ROOT, file), key, source, size: 1024 };
  });
  const keyOf = (file: string) => files.find((f) => f.file === file)?.key;
  const entryPoints = new Set(input.entryPoints.map((f) => keyOf(f) ?? `(not listed: ${f})`));
  return { target, files, entryPoints };
}

// ---- contexts -------------------------------------------------------------------------------

let registry: SchemaRegistry | null = null;
let constraintChecker: ConstraintChecker | null = null;

/** The repository's schemas/ (compiled on first use, shared by every test of the process). */
export function schemaRegistry(): SchemaRegistry {
  return (registry ??= loadSchemaRegistry(path.join(REPO_ROOT, "schemas")));
}

/** Where `npm run build` (and `npm test`'s bundle check) leaves the validators it precompiles. */
const BUILD_CACHE = path.join(REPO_ROOT, "node_modules", ".cache", "edp-precompiled", "index.mjs");

/**
 * Gets the schema validators of these kinds and the ASL validator ready. Compiling them takes
 * about a second; when a build has left its precompiled validators (BUILD_CACHE), they are used
 * instead, as the bundles use them: a schema's only while its file has the bytes it was compiled
 * from. Call before schemaRegistry() is first used.
 */
export async function prepareValidators(
  kinds: Iterable<{ apiVersion: string; kind: string }>,
): Promise<void> {
  let built: { PRECOMPILED_SCHEMAS?: PrecompiledSchemas; PRECOMPILED_ASL?: PrecompiledModule | null } = {};
  if (existsSync(BUILD_CACHE)) {
    try {
      built = (await import(pathToFileURL(BUILD_CACHE).href)) as typeof built;
    } catch {
      built = {}; // compiled below instead
    }
  }
  registry ??= loadSchemaRegistry(path.join(REPO_ROOT, "schemas"), built.PRECOMPILED_SCHEMAS ?? {});
  for (const { apiVersion, kind } of kinds) await registry.prepare(apiVersion, kind);
  await prepareAslValidator(built.PRECOMPILED_ASL ?? null);
}

export interface EnvironmentContextInput {
  variables: VariableDeclarations;
  pipelines?: PipelineUploads[];
  allowKinds?: Iterable<string>;
}

export function environmentContext(
  env: RenderedEnvironment,
  input: EnvironmentContextInput,
): EnvironmentContext {
  const schemas = schemaRegistry();
  const results = new WeakMap<RenderedObject, SchemaResult>();
  constraintChecker ??= loadConstraintChecker(path.join(REPO_ROOT, "schemas"));
  const constraints = constraintChecker;
  return {
    repoRoot: REPO_ROOT,
    env,
    variables: input.variables,
    schemaResult: (o) => {
      let result = results.get(o);
      if (!result) results.set(o, (result = schemas.validate(o.object)));
      return result;
    },
    awsConstraints: (o) => constraints.check(o.object),
    allowKinds: new Set(input.allowKinds ?? []),
    declared: declaredResources(env.objects),
    pipelines: input.pipelines ?? [],
  };
}

export interface RepositoryContextInput {
  environments: InMemoryEnvironment[];
  variables: VariableDeclarations;
  renderProblems?: RenderProblem[];
  pipelineProblems?: PipelineProblem[];
  /** Default: every environment's source files (each file once). */
  manifests?: ManifestFile[];
  /** Default false: not every environment was rendered in full. */
  complete?: boolean;
}

export function repositoryContext(input: RepositoryContextInput): RepositoryContext {
  const manifests =
    input.manifests ??
    [...new Map(input.environments.flatMap((e) => e.sources).map((m) => [m.file, m])).values()].sort(
      (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
    );
  return {
    repoRoot: REPO_ROOT,
    environments: input.environments.filter((e) => e.objects.length > 0),
    variables: input.variables,
    renderProblems: input.renderProblems ?? [],
    pipelineProblems: input.pipelineProblems ?? [],
    manifests: () => manifests,
    complete: input.complete ?? false,
  };
}

// ---- render problems ----------------------------------------------------------------------------

/**
 * The typed problem a renderer returns. The one place that builds them: adapt it here when
 * render/problems.ts changes shape.
 */
export function renderProblem(
  type: RenderProblem["type"],
  problem: {
    message: string;
    file: string;
    line: number | null;
    environment: string | null;
    resource?: string | null;
  },
): RenderProblem {
  const base = {
    message: problem.message,
    at: { file: problem.file, line: problem.line },
    environment: problem.environment,
    resource: problem.resource ?? null,
  };
  // What the renderer adds per type; the rules report message, place and resource only.
  const kustomization = (problem.resource ?? "").replace(/^Kustomization\//, "");
  switch (type) {
    case "yaml-parse-error":
    case "not-a-manifest":
    case "variables-invalid":
      return { ...base, type };
    case "kustomize-failed":
      return { ...base, type, stderr: problem.message, kustomization };
    case "path-outside-repository":
    case "path-missing":
      return { ...base, type, rawPath: "", kustomization };
    case "remote-base":
    case "link-outside-repository":
      return { ...base, type, entry: "", kustomization };
    case "variable-unresolved":
      return { ...base, type, variable: "", kustomization };
    case "substitute-source-missing":
      return { ...base, type, sourceKind: "ConfigMap", sourceName: "", kustomization };
  }
}
