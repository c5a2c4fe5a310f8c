/**
 * SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif).
 * What keeps alerts from duplicating across runs: stable rule ids, repository-relative URIs, and
 * `partialFingerprints` that hash what identifies a problem (rule, file, resource, message) but
 * not the line, which moves whenever someone edits above it.
 */
import { createHash } from "node:crypto";
import {
  sortFindings,
  type Finding,
  type Severity,
  type SuppressedFinding,
  type Suppression,
} from "../../model/finding.ts";
import type { ValidationReport } from "../../model/report.ts";
import { RULE_CATALOG } from "../../validate/catalog.ts";

/** The fields of a RULE_CATALOG entry SARIF needs. */
export interface SarifRuleSource {
  id: string;
  description: string;
  severity: Severity;
  help: string;
  /** Repository-relative documentation link, shown with the help. */
  docs?: string;
}

export interface SarifOptions {
  /** Defaults to RULE_CATALOG; tests pass their own. */
  catalog?: readonly SarifRuleSource[];
  /** tool.driver.version, when known (left out otherwise so output is reproducible). */
  version?: string;
}

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
/** Versioned so a future change of what is hashed does not silently re-key every alert. */
export const FINGERPRINT_KEY = "edpFinding/v1";

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown?: string };
  defaultConfiguration: { level: Severity };
  properties: { tags: string[] };
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: {
    tool: { driver: { name: string; version?: string; informationUri?: string; rules: SarifRule[] } };
    columnKind: "utf16CodeUnits";
    results: SarifResult[];
  }[];
}

/** SARIF 2.1.0 §3.35: why a result does not count. */
interface SarifSuppression {
  kind: "inSource" | "external";
  status: "accepted";
  justification?: string;
  location?: SarifLocation;
}

interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId: "%SRCROOT%" };
    region?: { startLine: number; startColumn?: number };
  };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Severity;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  /** Present for a suppressed finding only. */
  suppressions?: SarifSuppression[];
  properties: { environment: string | null; resource: string | null };
}

export function toSarif(report: ValidationReport, options: SarifOptions = {}): SarifLog {
  const findings: (Finding | SuppressedFinding)[] = [
    ...sortFindings(report.findings),
    ...sortFindings(report.suppressed ?? []),
  ];
  const rules = buildRules(options.catalog ?? RULE_CATALOG, findings);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = findings.map((f): SarifResult => {
    const location = toLocation(f.file, f.line, f.column);
    return {
      ruleId: f.rule,
      ruleIndex: index.get(f.rule) ?? 0,
      level: f.severity,
      message: { text: f.hint ? `${f.message}\n${f.hint}` : f.message },
      // A finding no file could be named for has no location (an empty URI would be the repository root).
      locations: location ? [location] : [],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f) },
      ...("suppression" in f ? { suppressions: [toSuppression(f.suppression)] } : {}),
      properties: { environment: f.environment, resource: f.resource },
    };
  });
  const driver = { name: "edp", ...(options.version ? { version: options.version } : {}), rules };
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [{ tool: { driver }, columnKind: "utf16CodeUnits", results }],
  };
}

function toLocation(file: string, line: number | null, column?: number | null): SarifLocation | null {
  if (!file) return null;
  const region = line === null ? undefined : { startLine: line, ...(column ? { startColumn: column } : {}) };
  return {
    physicalLocation: {
      artifactLocation: { uri: toUri(file), uriBaseId: "%SRCROOT%" },
      ...(region ? { region } : {}),
    },
  };
}

function toSuppression(s: Suppression): SarifSuppression {
  const location = toLocation(s.file, s.line);
  return {
    kind: s.kind,
    status: "accepted",
    ...(s.reason ? { justification: s.reason } : {}),
    ...(location ? { location } : {}),
  };
}

export function renderSarif(report: ValidationReport, options: SarifOptions = {}): string {
  return JSON.stringify(toSarif(report, options), null, 2) + "\n";
}

/**
 * Catalog rules sorted by id. Every finding's rule must be in the catalog (the engine files
 * findings only under declared ids): metadata is never invented for an unknown one.
 */
function buildRules(catalog: readonly SarifRuleSource[], findings: readonly Finding[]): SarifRule[] {
  const byId = new Map(catalog.map((r) => [r.id, r]));
  const unknown = [...new Set(findings.map((f) => f.rule).filter((id) => !byId.has(id)))];
  if (unknown.length > 0) {
    throw new Error(
      `SARIF: finding(s) of rule(s) ${unknown.join(", ")} that the rule catalog does not declare`,
    );
  }
  return [...byId.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((r) => ({
      id: r.id,
      shortDescription: { text: r.description },
      fullDescription: { text: r.description },
      help: {
        text: r.help || r.description,
        ...(r.docs ? { markdown: `${r.help || r.description}\n\nSee [${r.id}](${r.docs}).` } : {}),
      },
      defaultConfiguration: { level: r.severity },
      properties: { tags: [r.id.split("/")[0] ?? r.id] },
    }));
}

export function fingerprint(f: Pick<Finding, "rule" | "file" | "resource" | "message">): string {
  // NUL separators: no field can contain one, so distinct tuples never hash the same input.
  return createHash("sha256")
    .update([f.rule, f.file, f.resource ?? "", f.message].join("\u0000"))
    .digest("hex");
}

/** Repository-relative POSIX path → relative URI reference (spaces and the like percent-encoded). */
function toUri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}
