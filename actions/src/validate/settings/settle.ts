/**
 * The last step of a run: decides which findings count and at what severity.
 *  1. an `# edp:ignore` comment on a finding's line sets it aside (kind inSource);
 *  2. otherwise .edp.yaml's level for its rule and file applies: `off` sets it aside (kind
 *     external), `warning` or `error` becomes its severity;
 *  3. the suppression rules report what is wrong with the settings and the comments (no
 *     reason, an unknown rule, a comment that suppressed nothing), at .edp.yaml's levels too,
 *     except config/invalid, which no setting changes.
 * Only files findings point into and the manifests (read anyway) are scanned for comments.
 */
import { sortFindings, type Finding, type SuppressedFinding } from "../../model/finding.ts";
import type { DirectiveCheck } from "../context.ts";
import { checkSuppressions } from "../engine.ts";
import type { ManifestFile } from "../manifest-files.ts";
import type { Rule } from "../rule.ts";
import { findDirectives, type Directive } from "./directives.ts";
import { createLevelOf, type LevelOf } from "./levels.ts";
import { CONFIG_FILE, FIXED_RULES, type EdpConfig } from "./types.ts";

export interface SettleInput {
  repoRoot: string;
  rules: readonly Rule[];
  config: EdpConfig;
  /** The manifest sources (apps/, clusters/), scanned for comments. */
  manifests: () => readonly ManifestFile[];
  /** Another file a finding points into, as text (null: unreadable, too large or outside). */
  readText: (file: string) => string | null;
  /** Every environment rendered in full: only then can a comment be called unused. */
  complete: boolean;
}

export interface Settled {
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

export function settleFindings(found: readonly Finding[], input: SettleInput): Settled {
  const { config } = input;
  const directives = collectDirectives(found, input);
  const byLine = new Map<string, Directive[]>();
  for (const d of directives) {
    if (d.target === null) continue;
    const key = `${d.file}\u0000${d.target}`;
    byLine.set(key, [...(byLine.get(key) ?? []), d]);
  }
  const levelOf = createLevelOf(config);
  const used = new Map<Directive, Set<string>>();
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];

  for (const f of found) {
    const directive =
      f.line === null
        ? undefined
        : byLine.get(`${f.file}\u0000${f.line}`)?.find((d) => d.rules.includes(f.rule));
    if (directive) {
      const ids = used.get(directive) ?? new Set();
      used.set(directive, ids.add(f.rule));
      suppressed.push({
        ...f,
        suppression: {
          kind: "inSource",
          reason: directive.reason,
          file: directive.file,
          line: directive.line,
        },
      });
      continue;
    }
    applyLevel(f, levelOf, findings, suppressed);
  }

  const inlineIds = new Set(input.rules.filter((r) => r.scope !== "suppression").map((r) => r.id));
  const checks: DirectiveCheck[] = directives.map((directive) => ({
    directive,
    unknown: directive.rules.filter((id) => !inlineIds.has(id)),
    unused: input.complete
      ? directive.rules.filter((id) => inlineIds.has(id) && !used.get(directive)?.has(id))
      : [],
  }));
  const own: Finding[] = [];
  checkSuppressions(
    input.rules,
    {
      repoRoot: input.repoRoot,
      config: { file: config.file, problems: config.problems },
      directives: checks,
      complete: input.complete,
    },
    own,
  );
  for (const f of own) {
    if (FIXED_RULES.has(f.rule)) findings.push(f);
    else applyLevel(f, levelOf, findings, suppressed);
  }
  return { findings: sortFindings(findings), suppressed: sortFindings(suppressed) };
}

function applyLevel(
  f: Finding,
  levelOf: LevelOf,
  findings: Finding[],
  suppressed: SuppressedFinding[],
): void {
  const setting = levelOf(f.rule, f.file);
  if (!setting) findings.push(f);
  else if (setting.level === "off")
    suppressed.push({
      ...f,
      suppression: { kind: "external", reason: null, file: CONFIG_FILE, line: setting.line },
    });
  else findings.push(setting.level === f.severity ? f : { ...f, severity: setting.level });
}

/** Comments in the manifests, and in any other file a finding points into. */
function collectDirectives(found: readonly Finding[], input: SettleInput): Directive[] {
  const out: Directive[] = [];
  const scanned = new Set<string>([CONFIG_FILE]);
  for (const { file, text } of input.manifests()) {
    scanned.add(file);
    out.push(...findDirectives(file, text));
  }
  for (const f of found) {
    if (!f.file || scanned.has(f.file)) continue;
    scanned.add(f.file);
    const text = input.readText(f.file);
    if (text !== null) out.push(...findDirectives(f.file, text));
  }
  return out;
}
