/**
 * Checks that need a render that failed are skipped. When a Flux Kustomization of an environment
 * did not render (kustomize failed, a YAML error, a missing path, a remote base, a link out of the
 * repository), the Kustomizations that depend on it are rendered without what it would have
 * applied: their variables substituted from its ConfigMaps look unset, the buckets it declares
 * look missing. Those findings are echoes of the one cause already reported, so they are dropped,
 * and the report says once per environment what was not checked and why.
 */
import type { Finding } from "../model/finding.ts";
import type { SkippedChecks } from "../model/report.ts";
import type { RenderedEnvironment } from "../render/index.ts";
import type { RenderProblem } from "../render/problems.ts";

/** Render problems that stop a Kustomization's build (others, like an unset variable, do not). */
const FAILED_BUILDS: ReadonlySet<RenderProblem["type"]> = new Set([
  "kustomize-failed",
  "yaml-parse-error",
  "path-missing",
  "path-outside-repository",
  "remote-base",
  "link-outside-repository",
]);
/** Repository rules that count uses across every render: a missing part makes them guess. */
const WHOLE_REPOSITORY_RULES = new Set(["vars/unused"]);

/** Families whose findings are the causes themselves, never echoes. */
const CAUSE_FAMILIES = ["yaml/", "render/"];
/** Families that reason across the environment's objects, so a missing part makes them guess. */
const CROSS_OBJECT_FAMILIES = ["wiring/", "eventpattern/"];

export function withoutEchoesOfFailedRenders(
  findings: readonly Finding[],
  problems: readonly RenderProblem[],
  environments: readonly RenderedEnvironment[],
): { findings: Finding[]; skipped: SkippedChecks[] } {
  const skipped: SkippedChecks[] = [];
  const drop = new Set<Finding>();
  for (const env of environments) {
    const failed = new Set(
      problems.flatMap((p) =>
        p.environment === env.name &&
        FAILED_BUILDS.has(p.type) &&
        "kustomization" in p &&
        typeof p.kustomization === "string"
          ? [p.kustomization]
          : [],
      ),
    );
    if (failed.size === 0) continue;
    const affected = dependents(env, failed);
    const kustomizationOf = new Map(env.objects.map((o) => [`${o.kind}/${o.name}`, o.kustomization]));
    let dropped = 0;
    for (const f of findings) {
      if (f.environment !== env.name || CAUSE_FAMILIES.some((c) => f.rule.startsWith(c))) continue;
      const owner = f.resource ? kustomizationOf.get(f.resource) : undefined;
      const echo =
        (owner !== undefined && affected.has(owner)) ||
        CROSS_OBJECT_FAMILIES.some((c) => f.rule.startsWith(c));
      if (echo) {
        drop.add(f);
        dropped++;
      }
    }
    skipped.push({
      environment: env.name,
      failed: [...failed].sort(),
      dependents: [...affected].filter((k) => !failed.has(k)).sort(),
      findings: dropped,
    });
  }
  if (skipped.length > 0) for (const f of findings) if (WHOLE_REPOSITORY_RULES.has(f.rule)) drop.add(f);
  return { findings: findings.filter((f) => !drop.has(f)), skipped };
}

/** The failed Kustomizations and every one that depends on them, directly or not. */
function dependents(env: RenderedEnvironment, failed: ReadonlySet<string>): Set<string> {
  const affected = new Set(failed);
  for (let grew = true; grew;) {
    grew = false;
    for (const k of env.kustomizations) {
      if (affected.has(k.name)) continue;
      if (k.dependsOn.some((d) => affected.has(d.name))) {
        affected.add(k.name);
        grew = true;
      }
    }
  }
  return affected;
}
