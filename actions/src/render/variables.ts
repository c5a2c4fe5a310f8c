/**
 * The variable declaration file (clusters/variables.yaml): every ${VAR} Flux substitutes,
 * who provides it, and an example of the right shape for offline checks.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.ts";
import {
  loadSource,
  locateInDocument,
  readDocumentsWithoutPositions,
  type SourceFile,
} from "./yaml-source.ts";

export const VARIABLES_FILE = "clusters/variables.yaml";
export const PROVIDERS = ["terraform", "ack-field-export", "git"] as const;
export type VariableProvider = (typeof PROVIDERS)[number];

/** Flux's rule for variable names; any other key fails the whole reconciliation. */
export const FLUX_VARIABLE_NAME = /^[_A-Za-z][_A-Za-z0-9]*$/;

export interface DeclaredVariable {
  name: string;
  description: string;
  provider: VariableProvider;
  example: string;
  pattern: RegExp | null;
  /** "namespace/name" of the ConfigMap that holds it, for field-export and git variables. */
  configMap: string | null;
  line: number | null;
}

export interface VariableDeclarations {
  file: string;
  source: SourceFile | null;
  variables: Map<string, DeclaredVariable>;
  problems: { message: string; line: number | null }[];
}

export async function loadVariables(repoRoot: string): Promise<VariableDeclarations> {
  const result: VariableDeclarations = {
    file: VARIABLES_FILE,
    source: null,
    variables: new Map(),
    problems: [],
  };
  if (!existsSync(path.join(repoRoot, VARIABLES_FILE))) {
    result.problems.push({
      message: `${VARIABLES_FILE} is missing: declare every substitution variable there (name, description, provider, example)`,
      line: null,
    });
    return result;
  }
  // Read as data first (a hundred pipelines declare over a thousand variables); lines are
  // looked up, with a positioned parse made once, only for what is reported.
  const fast = readDocumentsWithoutPositions(repoRoot, VARIABLES_FILE);
  let positioned: SourceFile | null = null;
  const source = (): SourceFile => (positioned ??= loadSource(repoRoot, VARIABLES_FILE));
  const lineOf = (name: string): number | null => {
    const doc = source().documents[0];
    return doc ? locateInDocument(source(), doc.doc, ["variables", name]).line : null;
  };
  if (!fast) {
    result.source = source();
    for (const p of source().problems) result.problems.push({ message: p.message, line: p.line });
  }
  const first = fast ? fast[0] : source().documents[0];
  const root = first?.value as { variables?: unknown } | null | undefined;
  if (!first || !root || typeof root !== "object" || !root.variables || typeof root.variables !== "object") {
    if (result.problems.length === 0) {
      result.problems.push({
        message: "expected a top-level 'variables:' map of NAME: {description, provider, example}",
        line: 1,
      });
    }
    return result;
  }
  for (const [name, raw] of Object.entries(root.variables as Record<string, unknown>)) {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const problem = (message: string) =>
      result.problems.push({ message: `variable ${name}: ${message}`, line: lineOf(name) });
    if (!FLUX_VARIABLE_NAME.test(name))
      problem("not a valid Flux variable name (letters, digits, '_'; not starting with a digit)");
    const provider = entry.provider;
    if (!PROVIDERS.includes(provider as VariableProvider)) {
      problem(`provider must be one of ${PROVIDERS.join(", ")}`);
      continue;
    }
    if (typeof entry.description !== "string" || entry.description.trim() === "")
      problem("needs a description");
    if (typeof entry.example !== "string") {
      problem("needs an example value, quoted as a string (Flux substitutes strings)");
      continue;
    }
    let pattern: RegExp | null = null;
    if (typeof entry.pattern === "string") {
      try {
        pattern = new RegExp(entry.pattern);
      } catch (error) {
        problem(`pattern is not a valid regular expression: ${(error as Error).message}`);
      }
    }
    if (pattern && !pattern.test(entry.example))
      problem(`example '${entry.example}' does not match its pattern ${pattern}`);
    const configMap = typeof entry.configMap === "string" ? entry.configMap : null;
    if ((provider === "ack-field-export" || provider === "git") && !configMap) {
      problem("needs configMap: <namespace>/<name> (where the value lives)");
    }
    result.variables.set(name, {
      name,
      description: typeof entry.description === "string" ? entry.description : "",
      provider: provider as VariableProvider,
      example: entry.example,
      pattern,
      configMap,
      get line() {
        return lineOf(name);
      },
    });
  }
  return result;
}

/** Throws when the file cannot be used at all (used by commands that need real values). */
export function requireVariables(decl: VariableDeclarations): void {
  const fatal = decl.problems.find((p) => p.line === null);
  if (fatal) throw new ConfigError(`${decl.file}: ${fatal.message}`);
}
