/**
 * Suppressed findings, columns and source links in every report format: suppressed findings
 * never count, stay visible where tools and reviewers look, and text from the pull request
 * cannot add Markdown to the summary.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { Finding, SuppressedFinding } from "../../src/model/finding.ts";
import type { ValidationReport } from "../../src/model/report.ts";
import { sourceUrl } from "../../src/options/run-url.ts";
import {
  planAnnotations,
  rebaseReport,
  renderComment,
  renderJson,
  renderSummary,
  renderText,
  toSarif,
} from "../../src/report/index.ts";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const BLOB = `https://github.example/acme/edp-gitops/blob/${SHA}`;

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: "wiring/rule-disabled",
    severity: "warning",
    message: "Rule/taxi-trips is DISABLED",
    file: "apps/taxi-trips/base/pipeline/rule.yaml",
    line: 9,
    column: 3,
    environment: "dev",
    resource: "Rule/taxi-trips",
    ...overrides,
  };
}

function suppressedFinding(overrides: Partial<SuppressedFinding> = {}): SuppressedFinding {
  return {
    ...finding({ rule: "trap/literal-account-id", severity: "error", environment: null, resource: null }),
    message: "literal ARN with account 123456789012",
    line: 12,
    column: 14,
    suppression: {
      kind: "inSource",
      reason: "audit account [see](https://evil.example) *now* <b>x</b> | y",
      file: "apps/taxi-trips/base/pipeline/rule.yaml",
      line: 12,
    },
    ...overrides,
  };
}

function report(): ValidationReport {
  return {
    ok: true,
    environments: ["dev"],
    findings: [finding()],
    suppressed: [
      suppressedFinding(),
      suppressedFinding({
        rule: "vars/unused",
        severity: "warning",
        file: "clusters/variables.yaml",
        line: 30,
        column: 3,
        suppression: { kind: "external", reason: null, file: ".edp.yaml", line: 3 },
      }),
    ],
    stats: { documents: 10, renderMs: 100, validateMs: 20 },
    wiring: [],
  };
}

describe("suppressed findings in the reports", () => {
  it("JSON: a `suppressed` list with kind, reason and place, valid against the schema; columns on findings", () => {
    const schema = JSON.parse(
      readFileSync(new URL("../../../docs/report.schema.json", import.meta.url), "utf8"),
    ) as object;
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const json = JSON.parse(renderJson(report())) as {
      findings: Record<string, unknown>[];
      suppressed: Record<string, unknown>[];
    };
    assert.ok(validate(json), JSON.stringify(validate.errors));
    assert.equal(json.findings[0]!.column, 3);
    assert.deepEqual(
      json.suppressed.map((s) => [s.rule, s.column, s.suppression]),
      [
        ["trap/literal-account-id", 14, suppressedFinding().suppression],
        ["vars/unused", 3, { kind: "external", reason: null, file: ".edp.yaml", line: 3 }],
      ],
    );
    // the schema holds the suppression's shape (so the check above can fail)
    json.suppressed[0]!.suppression = { kind: "baseline", reason: null, file: "x", line: 1 };
    assert.equal(validate(json), false);
  });

  it("SARIF: suppressed results carry suppressions[] (inSource with the justification, external), columns in regions", () => {
    const results = toSarif(report()).runs[0]!.results;
    assert.equal(results.length, 3);
    const open = results.find((r) => r.ruleId === "wiring/rule-disabled")!;
    assert.equal(open.suppressions, undefined);
    assert.deepEqual(open.locations[0]!.physicalLocation.region, { startLine: 9, startColumn: 3 });
    const inSource = results.find((r) => r.ruleId === "trap/literal-account-id")!;
    assert.deepEqual(inSource.suppressions, [
      {
        kind: "inSource",
        status: "accepted",
        justification: suppressedFinding().suppression.reason,
        location: {
          physicalLocation: {
            artifactLocation: { uri: "apps/taxi-trips/base/pipeline/rule.yaml", uriBaseId: "%SRCROOT%" },
            region: { startLine: 12 },
          },
        },
      },
    ]);
    const external = results.find((r) => r.ruleId === "vars/unused")!;
    assert.equal(external.suppressions?.[0]?.kind, "external");
    assert.equal(external.suppressions?.[0]?.justification, undefined);
    // SARIF 2.1.0's suppression object: kind and status are closed sets, nothing else is allowed.
    const suppressionSchema = {
      type: "object",
      additionalProperties: false,
      required: ["kind"],
      properties: {
        kind: { enum: ["inSource", "external"] },
        status: { enum: ["accepted", "underReview", "rejected"] },
        justification: { type: "string" },
        location: { type: "object" },
        guid: { type: "string" },
        properties: { type: "object" },
      },
    };
    const check = new Ajv2020({ strict: true }).compile(suppressionSchema);
    for (const r of results)
      for (const s of r.suppressions ?? []) assert.ok(check(s), JSON.stringify(check.errors));
  });

  it("text: not listed, counted on the last line; exit-relevant counts exclude them", () => {
    const text = renderText(report());
    assert.ok(!text.includes("trap/literal-account-id"), text);
    assert.match(text, /^ {2}apps\/taxi-trips\/base\/pipeline\/rule\.yaml:9:3 {2}warning/m);
    assert.match(text, /^edp validate: ok with 1 warning \(1 environment, 10 documents, 2 suppressed; /m);
  });

  it("annotations: never for a suppressed finding; col for a known column", () => {
    const plan = planAnnotations(report());
    assert.deepEqual(
      plan.annotations.map((a) => [a.title, a.startLine, a.startColumn]),
      [["wiring/rule-disabled (dev)", 9, 3]],
    );
    assert.deepEqual(plan.overflow, []);
  });

  it("job summary: a collapsed list with the reasons, escaped", () => {
    const md = renderSummary(report());
    assert.match(md, /· 2 suppressed ·/);
    assert.match(md, /### Suppressed\n\n<details><summary>2 findings set aside/);
    const row = md.split("\n").find((l) => l.includes("`trap/literal-account-id`")) ?? "";
    assert.match(row, /`# edp:ignore` at `apps\/taxi-trips\/base\/pipeline\/rule\.yaml:12`: /);
    assert.ok(
      row.endsWith("audit account \\[see\\](https://evil.example) \\*now\\* &lt;b&gt;x&lt;/b&gt; \\| y"),
      row,
    );
    assert.match(md, /`vars\/unused`: literal ARN .* — turned off at `\.edp\.yaml:3`/);
    assert.match(md, /<\/details>/);
  });

  it("pull-request comment: a count only", () => {
    const body = renderComment(report());
    assert.match(
      body,
      /_2 findings suppressed by <code># edp:ignore<\/code> comments or \.edp\.yaml, not counted;/,
    );
    assert.ok(!body.includes("audit account"));
  });

  it("rebasing onto the workspace moves the suppression's file too", () => {
    const rebased = rebaseReport(report(), "gitops");
    assert.equal(rebased.suppressed?.[0]?.file, "gitops/apps/taxi-trips/base/pipeline/rule.yaml");
    assert.equal(rebased.suppressed?.[1]?.suppression.file, "gitops/.edp.yaml");
  });
});

describe("links from the job summary to the file and line at the commit", () => {
  it("links each location, percent-encoding the path so it cannot end the link or the cell", () => {
    const odd = finding({ file: "apps/a b/(x)|[y]`z`.yaml", line: 4, column: null });
    const md = renderSummary(
      { ...report(), findings: [finding(), odd], suppressed: [] },
      { sourceUrl: BLOB },
    );
    assert.ok(
      md.includes(
        `| [\`apps/taxi-trips/base/pipeline/rule.yaml:9:3\`](${BLOB}/apps/taxi-trips/base/pipeline/rule.yaml#L9) |`,
      ),
      md,
    );
    assert.ok(
      md.includes(`[\`apps/a b/(x)\\|[y]'z'.yaml:4\`](${BLOB}/apps/a%20b/%28x%29%7C%5By%5D%60z%60.yaml#L4)`),
      md,
    );
  });

  it("plain text without a commit to link to (a local run), and for a finding with no file", () => {
    const md = renderSummary({ ...report(), findings: [finding(), finding({ file: "", line: null })] });
    assert.ok(!md.includes("](https://github.example"), md);
    const linked = renderSummary(
      { ...report(), findings: [finding({ file: "", line: null })], suppressed: [] },
      { sourceUrl: BLOB },
    );
    assert.match(linked, /\| `\(no file\)` \|/);
  });

  it("the comment links the same way", () => {
    assert.ok(
      renderComment(report(), { sourceUrl: BLOB }).includes(
        `](${BLOB}/apps/taxi-trips/base/pipeline/rule.yaml#L9)`,
      ),
    );
  });

  it("sourceUrl: the pull request's head commit, else GITHUB_SHA, else none", () => {
    const env = {
      GITHUB_SERVER_URL: "https://github.example",
      GITHUB_REPOSITORY: "acme/edp-gitops",
      GITHUB_SHA: "f".repeat(40),
    };
    assert.equal(sourceUrl(env, SHA), BLOB);
    assert.equal(sourceUrl(env), `https://github.example/acme/edp-gitops/blob/${"f".repeat(40)}`);
    assert.equal(sourceUrl({}), null, "a local run");
    assert.equal(sourceUrl({ ...env, GITHUB_SHA: "main)(x" }), null);
    assert.equal(sourceUrl({ ...env, GITHUB_REPOSITORY: "acme/x](y" }), null);
    assert.equal(sourceUrl({ ...env, GITHUB_SERVER_URL: "javascript:alert(1)" }), null);
    assert.equal(
      sourceUrl({ GITHUB_REPOSITORY: "o/r", GITHUB_SHA: SHA }),
      `https://github.com/o/r/blob/${SHA}`,
    );
  });
});
