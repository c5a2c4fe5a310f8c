/** What rules see: one rendered environment (with its pipelines), or the whole repository. */
import type { DeclaredResources, PipelineUploads } from "../pipeline/index.ts";
import type { RenderedEnvironment } from "../render/index.ts";
import type { VariableDeclarations } from "../render/variables.ts";
import type { RenderedObject } from "../model/manifest.ts";
import type { SchemaResult } from "../schemas/validator.ts";
import type { ConstraintResult } from "../schemas/aws-constraints/check.ts";
import type { ManifestFile } from "./manifest-files.ts";
import type { RenderProblem } from "../render/problems.ts";
import type { Directive } from "./settings/directives.ts";
import type { ConfigProblem } from "./settings/types.ts";

/** A pipeline that could not be discovered or listed (reported as render/kustomize-failed). */
export interface PipelineProblem {
  environment: string;
  message: string;
  file: string;
}

export type { PipelineUploads } from "../pipeline/index.ts";

export interface EnvironmentContext {
  repoRoot: string;
  env: RenderedEnvironment;
  variables: VariableDeclarations;
  /** The object's schema check, run once per object whichever rule asks first. */
  schemaResult: (o: RenderedObject) => SchemaResult;
  /** What AWS's API would refuse in the object's spec (schemas/aws-constraints/). */
  awsConstraints: (o: RenderedObject) => ConstraintResult;
  /** Kinds allowed without a schema (.edp.yaml). */
  allowKinds: ReadonlySet<string>;
  /** The environment's ACK resources, each read once (event patterns parsed once). */
  declared: DeclaredResources;
  /** The pipelines the environment syncs, with the files they upload. */
  pipelines: PipelineUploads[];
}

export interface RepositoryContext {
  repoRoot: string;
  /** Environments that rendered at least one object. */
  environments: RenderedEnvironment[];
  variables: VariableDeclarations;
  /** What stopped part of a render. */
  renderProblems: RenderProblem[];
  /** Pipelines that could not be discovered or listed. */
  pipelineProblems: PipelineProblem[];
  /** The manifest sources under apps/ and clusters/, read on first use. */
  manifests: () => readonly ManifestFile[];
  /** True when every environment was rendered in full (no --env, no --changed-since). */
  complete: boolean;
}

export interface ChangeContext {
  repoRoot: string;
  environment: string;
  /** The environment before the change (null: it did not exist). */
  before: RenderedEnvironment | null;
  after: RenderedEnvironment | null;
}

/** One `# edp:ignore` comment, with what the run made of it. */
export interface DirectiveCheck {
  directive: Directive;
  /** Ids it names that no rule declares, or whose findings no comment suppresses. */
  unknown: string[];
  /** Known ids it names that matched no finding (empty unless the run was complete). */
  unused: string[];
}

export interface SuppressionContext {
  repoRoot: string;
  /** The settings file read (null: none) and what is wrong with it. */
  config: { file: string | null; problems: readonly ConfigProblem[] };
  /** Every `# edp:ignore` comment in the files scanned. */
  directives: readonly DirectiveCheck[];
  /** True when every environment was rendered in full: only then is a comment known unused. */
  complete: boolean;
}
