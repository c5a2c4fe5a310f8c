/** What every rule sees: one rendered environment, its pipelines and what they upload. */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Finding, Severity } from "../model/finding.ts";
import { resourceLabel, type JsonPath, type RenderedObject, type SourceLocation } from "../model/manifest.ts";
import type { RenderedEnvironment, RenderResult } from "../render/index.ts";
import type { SchemaRegistry } from "../schemas/validator.ts";
import type { LocalFile, PipelineTarget } from "../sync/types.ts";
import { RULES_BY_ID } from "./catalog.ts";

export interface PipelineUploads {
  target: PipelineTarget;
  files: LocalFile[];
  /** Keys of files that are Spark entry points (Python with a __main__ block). */
  entryPoints: Set<string>;
}

export interface RuleContext {
  repoRoot: string;
  render: Pick<RenderResult, "variables" | "cache">;
  env: RenderedEnvironment;
  schemas: SchemaRegistry;
  allowKinds: ReadonlySet<string>;
  pipelines: PipelineUploads[];
  report: (
    rule: string,
    message: string,
    at: SourceLocation,
    resource: RenderedObject | string | null,
    severity?: Severity,
  ) => void;
}

export type EnvironmentRule = (ctx: RuleContext) => void;

export function makeReporter(findings: Finding[], environment: string | null) {
  return (
    rule: string,
    message: string,
    at: SourceLocation,
    resource: RenderedObject | string | null,
    severity?: Severity,
  ) => {
    findings.push({
      rule,
      severity: severity ?? RULES_BY_ID.get(rule)?.severity ?? "error",
      message,
      file: at.file,
      line: at.line,
      environment,
      resource: resource === null ? null : typeof resource === "string" ? resource : resourceLabel(resource),
    });
  };
}

export function ofKind(env: RenderedEnvironment, group: string, kind: string): RenderedObject[] {
  return env.objects.filter((o) => o.kind === kind && o.apiVersion.startsWith(`${group}/`));
}

export function spec(o: RenderedObject): Record<string, unknown> {
  const s = o.object.spec;
  return s && typeof s === "object" ? (s as Record<string, unknown>) : {};
}

export function at(o: RenderedObject, p: JsonPath): SourceLocation {
  return o.locate(p);
}

const entryPointCache = new Map<string, boolean>();

/** A Spark entry point: a Python file that runs something when executed as a script. */
export function isEntryPoint(abs: string, key: string): boolean {
  if (!key.endsWith(".py")) return false;
  let hit = entryPointCache.get(abs);
  if (hit === undefined) {
    try {
      hit = /^if\s+__name__\s*==\s*["']__main__["']\s*:/m.test(readFileSync(abs, "utf8"));
    } catch {
      hit = false;
    }
    entryPointCache.set(abs, hit);
  }
  return hit;
}

export function relative(repoRoot: string, abs: string): string {
  return path.relative(repoRoot, abs).split(path.sep).join("/");
}
