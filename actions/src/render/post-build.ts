/**
 * Flux's post-build step for one environment: the values each Kustomization substitutes, and
 * where each object uses a variable (reporting the ones strict substitution would fail on).
 */
import { resourceLabel, type JsonPath, type RenderedObject, type SourceLocation } from "../model/manifest.ts";
import { TERRAFORM_CONFIGMAP, type FluxKustomization } from "./flux.ts";
import type { RenderProblem } from "./problems.ts";
import { SUBSTITUTE_DISABLED_ANNOTATION, substituteText, type SubstitutionResult } from "./substitute.ts";
import type { VariableDeclarations } from "./variables.ts";

export interface VariableUse {
  name: string;
  object: RenderedObject;
  /** Where the `${NAME}` reference is written. */
  location: () => SourceLocation;
}

export interface PostBuildContext {
  environment: string;
  variables: VariableDeclarations;
  problems: RenderProblem[];
  /** An object already rendered in this environment, by kind, namespace and name. */
  lookup: (kind: string, namespace: string, name: string) => RenderedObject | undefined;
}

const DISABLED = new RegExp(`${SUBSTITUTE_DISABLED_ANNOTATION.replace(/\./g, "\\.")}:\\s*["']?disabled`);

export class PostBuild {
  private readonly values = new Map<FluxKustomization, Map<string, string>>();

  constructor(private readonly ctx: PostBuildContext) {}

  /** A document's text after k's substitution (unchanged, with no uses, when none applies). */
  substitute(text: string, k: FluxKustomization | null): SubstitutionResult {
    if (k && k.hasPostBuild && !DISABLED.test(text) && text.includes("${")) {
      return substituteText(text, this.valuesFor(k));
    }
    return { text, missing: [], used: [] };
  }

  /**
   * The variable uses of an object built from a substitution; reports those left without a
   * value. `original` rebuilds the object from its unsubstituted text (to locate references).
   */
  uses(
    object: RenderedObject,
    original: () => RenderedObject,
    result: SubstitutionResult,
    k: FluxKustomization,
    kustomization: string,
  ): VariableUse[] {
    const uses: VariableUse[] = [];
    for (const name of new Set([...result.used, ...result.missing])) {
      const location = () => {
        const pre = original();
        const p = findVariable(pre.object, name);
        return p ? pre.locate(p) : pre.locate([]);
      };
      uses.push({ name, object, location });
      if (result.missing.includes(name)) {
        this.ctx.problems.push({
          type: "variable-unresolved",
          variable: name,
          kustomization,
          message: `\${${name}} has no value in Kustomization ${kustomization} (strict substitution fails the reconciliation): declare it in clusters/variables.yaml and provide it through postBuild.substitute or substituteFrom, or give a default (\${${name}:=value})`,
          at: location(),
          environment: this.ctx.environment,
          resource: resourceLabel(object),
        });
      }
    }
    return uses;
  }

  /** Values Flux would have: substituteFrom in order (later wins), then inline substitute. */
  private valuesFor(k: FluxKustomization): Map<string, string> {
    // Computed once per Kustomization: materialise() runs dependencies first, so the Git
    // ConfigMaps a Kustomization reads are already rendered when its first object needs them.
    const cached = this.values.get(k);
    if (cached) return cached;
    const { variables } = this.ctx;
    const values = new Map<string, string>();
    this.values.set(k, values);
    for (const from of k.substituteFrom) {
      const ref = `${k.namespace}/${from.name}`;
      // Examples stand in only for values that live outside Git (Terraform, ACK exports);
      // a git-provided variable has exactly the value the repository gives it, or none.
      const declared = [...variables.variables.values()].filter(
        (v) =>
          (v.provider === "terraform" && ref === TERRAFORM_CONFIGMAP) ||
          (v.provider === "ack-field-export" && v.configMap === ref),
      );
      const declaredInGit = [...variables.variables.values()].some(
        (v) => v.provider === "git" && v.configMap === ref,
      );
      for (const v of declared) values.set(v.name, v.example);
      const inGit = this.ctx.lookup(from.kind, k.namespace, from.name);
      const data = inGit?.object.data as Record<string, unknown> | undefined;
      if (data) for (const [key, value] of Object.entries(data)) values.set(key, String(value));
      if (!inGit && declared.length === 0 && !declaredInGit && !from.optional) {
        this.ctx.problems.push({
          type: "substitute-source-missing",
          sourceKind: from.kind,
          sourceName: from.name,
          kustomization: k.name,
          message: `substituteFrom ${from.kind} '${from.name}' is neither in this repository nor a declared provider of variables (clusters/variables.yaml); Flux fails the reconciliation until it exists (mark it optional: true if that is intended)`,
          at: k.object.locate(["spec", "postBuild", "substituteFrom", from.index]),
          environment: this.ctx.environment,
          resource: `Kustomization/${k.name}`,
        });
      }
    }
    for (const [key, value] of Object.entries(k.substitute)) values.set(key, value);
    return values;
  }
}

/** The path of the first field holding `${name}`, or null. */
function findVariable(value: unknown, name: string, at: JsonPath = []): JsonPath | null {
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
function embeddedPath(value: unknown, name: string, hit: JsonPath): JsonPath {
  if (typeof value !== "string" || !/^\s*[{[]/.test(value)) return hit;
  try {
    const inner = findVariable(JSON.parse(value), name);
    return inner ? [...hit, ...inner] : hit;
  } catch {
    return hit;
  }
}
