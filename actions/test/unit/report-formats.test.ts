import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { UsageError } from "../../src/errors.ts";
import type { Finding } from "../../src/model/finding.ts";
import type { ValidationReport } from "../../src/model/report.ts";
import { planAnnotations } from "../../src/report/validate/annotations.ts";
import { COMMENT_MARKER, renderComment } from "../../src/report/validate/comment.ts";
import { rebaseReport, selectReporter } from "../../src/report/index.ts";
import { renderJson } from "../../src/report/validate/json.ts";
import { fingerprint, toSarif, type SarifRuleSource } from "../../src/report/validate/sarif.ts";
import { renderSummary } from "../../src/report/validate/summary.ts";
import { renderText } from "../../src/report/validate/text.ts";

const ESC = "\u001b";

const repoRoot = new URL("../../../", import.meta.url);

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: "wiring/rule-target-missing",
    severity: "error",
    message: "Rule/taxi-trips-dev targets state machine taxi-trips-dev, which is not declared",
    file: "apps/taxi-trips/base/rule.yaml",
    line: 12,
    environment: "dev",
    resource: "Rule/taxi-trips-dev",
    ...overrides,
  };
}

/** Two environments with findings, one repository-wide finding, and dev's wiring with a broken edge. */
function sampleReport(): ValidationReport {
  return {
    ok: false,
    environments: ["dev", "prod"],
    findings: [
      finding({
        environment: "prod",
        rule: "asl/invalid",
        file: "apps/taxi-trips/base/state-machine.yaml",
        line: 30,
        message: "State 'Run' transitions to missing state 'Done'",
        resource: "StateMachine/taxi-trips-prod",
        hint: "Add the state or fix Next",
      }),
      finding({ environment: "dev", hint: "Point the target at a StateMachine in the same overlay" }),
      finding({
        environment: "dev",
        severity: "warning",
        rule: "schema/unknown-field",
        file: "apps/taxi-trips/overlays/dev/bucket.yaml",
        line: 4,
        message: "spec.foo is not in the schema | check <this>",
        resource: "Bucket/edp-taxi-trips-dev",
      }),
      finding({
        environment: null,
        rule: "variables/undeclared",
        file: "clusters/variables.yaml",
        line: null,
        message: "Variable FOO is used but not declared",
        resource: null,
      }),
    ],
    stats: { documents: 42, renderMs: 1234.56, validateMs: 78.9 },
    wiring: [
      {
        environment: "dev",
        nodes: [
          { id: "Bucket/edp-taxi-trips-dev", kind: "Bucket", name: "edp-taxi-trips-dev", exists: true },
          { id: "Rule/taxi-trips-dev", kind: "Rule", name: "taxi-trips-dev", exists: true },
          { id: "StateMachine/taxi-trips-dev", kind: "StateMachine", name: "taxi-trips-dev", exists: false },
        ],
        edges: [
          { from: "Rule/taxi-trips-dev", to: "StateMachine/taxi-trips-dev", label: "target", ok: false },
          { from: "Bucket/edp-taxi-trips-dev", to: "Rule/taxi-trips-dev", label: "Object Created", ok: true },
        ],
      },
    ],
  };
}

const CATALOG: SarifRuleSource[] = [
  {
    id: "wiring/rule-target-missing",
    description: "Rule target resolves",
    severity: "error",
    help: "Fix the ARN",
  },
  { id: "asl/invalid", description: "ASL is valid", severity: "error", help: "See the ASL spec" },
  { id: "schema/unknown-field", description: "Fields exist", severity: "warning", help: "Fix the field" },
  {
    id: "variables/undeclared",
    description: "Variables are declared",
    severity: "error",
    help: "Declare it",
  },
];

describe("text reporter", () => {
  it("groups by environment then file, with file:line prefixes and a summary line", () => {
    const text = renderText(sampleReport(), { color: false });
    const lines = text.split("\n");
    const dev = lines.findIndex((l) => l.startsWith("dev:"));
    const prod = lines.findIndex((l) => l.startsWith("prod:"));
    const shared = lines.findIndex((l) => l.startsWith("repository-wide:"));
    assert.ok(dev >= 0 && dev < prod && prod < shared, text);
    assert.match(
      text,
      /^ {2}apps\/taxi-trips\/base\/rule\.yaml:12 {2}error {4}wiring\/rule-target-missing {2}Rule\/taxi-trips-dev targets /m,
    );
    assert.match(text, /^ {4}hint: Point the target at a StateMachine/m);
    assert.match(text, /^ {2}clusters\/variables\.yaml {2}error/m);
    // dev's two files are separated by a blank line
    assert.deepEqual(
      lines.slice(dev + 1, dev + 5).map((l) => l.trim().split(/\s{2,}/)[0]),
      [
        "apps/taxi-trips/base/rule.yaml:12",
        "hint: Point the target at a StateMachine in the same overlay",
        "",
        "apps/taxi-trips/overlays/dev/bucket.yaml:4",
      ],
    );
    assert.match(
      lines.at(-2) ?? "",
      /^edp validate: failed: 3 errors, 1 warning \(2 environments, 42 documents; render 1\.2 s, validate 79 ms\)$/,
    );
    assert.ok(!text.includes(ESC), "no ANSI codes");
  });

  it("colours only when asked, and names clean environments ok", () => {
    const report: ValidationReport = { ...sampleReport(), ok: true, findings: [] };
    assert.ok(renderText(report, { color: true }).includes(`${ESC}[32mok${ESC}[0m`));
    const plain = renderText(report);
    assert.match(plain, /^dev: ok$/m);
    assert.match(plain, /^edp validate: ok \(/m);
  });
});

describe("JSON reporter", () => {
  const schema = JSON.parse(readFileSync(new URL("docs/report.schema.json", repoRoot), "utf8")) as object;
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

  it("matches docs/report.schema.json, with keys in the documented order", () => {
    const parsed = JSON.parse(renderJson(sampleReport())) as Record<string, unknown>;
    assert.ok(validate(parsed), JSON.stringify(validate.errors));
    assert.deepEqual(Object.keys(parsed), [
      "version",
      "ok",
      "environments",
      "findings",
      "suppressed",
      "stats",
    ]);
    assert.equal(parsed.version, 2);
    const findings = parsed.findings as Record<string, unknown>[];
    for (const f of findings) {
      assert.deepEqual(Object.keys(f), [
        "rule",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "environment",
        "resource",
      ]);
    }
    assert.deepEqual(Object.keys(parsed.stats as object), ["documents", "renderMs", "validateMs"]);
    assert.deepEqual(parsed.stats, { documents: 42, renderMs: 1235, validateMs: 79 });
    // sortFindings order: repository-wide (null) first, then dev, then prod
    assert.deepEqual(
      findings.map((f) => f.environment),
      [null, "dev", "dev", "prod"],
    );
  });

  it("is byte-identical whatever order findings arrive in", () => {
    const a = sampleReport();
    const b = { ...a, findings: [...a.findings].reverse() };
    assert.equal(renderJson(a), renderJson(b));
  });

  it("the schema rejects extra fields and absolute paths (so the test above can fail)", () => {
    const parsed = JSON.parse(renderJson(sampleReport())) as { findings: Record<string, unknown>[] };
    parsed.findings[0]!.hint = "x";
    assert.equal(validate(parsed), false);
    const abs = JSON.parse(renderJson(sampleReport())) as { findings: Record<string, unknown>[] };
    abs.findings[0]!.file = "/etc/passwd";
    assert.equal(validate(abs), false);
  });
});

describe("SARIF reporter", () => {
  it("refuses a finding whose rule the catalog does not declare (no invented metadata)", () => {
    const narrow = CATALOG.filter((r) => r.id !== "variables/undeclared");
    assert.throws(() => toSarif(sampleReport(), { catalog: narrow }), /variables\/undeclared/);
  });

  it("links each rule of the real catalog to its documentation", () => {
    const rules = toSarif({ ...sampleReport(), findings: [] }).runs[0]!.tool.driver.rules;
    assert.ok(rules.length > 30);
    for (const r of rules) assert.match(r.help.markdown ?? "", /\]\(docs\/rules\.md#[a-z0-9-]+\)/, r.id);
  });

  it("has the 2.1.0 structure, catalog rules with help, and repository-relative locations", () => {
    const sarif = toSarif(sampleReport(), { catalog: CATALOG });
    assert.equal(sarif.version, "2.1.0");
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    const run = sarif.runs[0]!;
    assert.equal(run.tool.driver.name, "edp");
    const rules = run.tool.driver.rules;
    assert.deepEqual(
      rules.map((r) => r.id),
      ["asl/invalid", "schema/unknown-field", "variables/undeclared", "wiring/rule-target-missing"],
    );
    assert.equal(rules.find((r) => r.id === "asl/invalid")?.help.text, "See the ASL spec");
    assert.equal(run.results.length, 4);
    for (const result of run.results) {
      assert.equal(rules[result.ruleIndex]?.id, result.ruleId);
      const uri = result.locations[0]!.physicalLocation.artifactLocation.uri;
      assert.ok(!uri.startsWith("/") && !uri.includes("://"), uri);
    }
    const target = run.results.find((r) => r.ruleId === "wiring/rule-target-missing")!;
    assert.equal(target.level, "error");
    assert.deepEqual(target.locations[0]!.physicalLocation.region, { startLine: 12 });
    assert.deepEqual(target.properties, { environment: "dev", resource: "Rule/taxi-trips-dev" });
    const noLine = run.results.find((r) => r.ruleId === "variables/undeclared")!;
    assert.equal(noLine.locations[0]!.physicalLocation.region, undefined);
    assert.equal(run.results.find((r) => r.ruleId === "schema/unknown-field")!.level, "warning");
  });

  it("keeps fingerprints when a finding moves to another line, not when it changes", () => {
    const before = toSarif(sampleReport(), { catalog: CATALOG }).runs[0]!.results;
    const moved = sampleReport();
    moved.findings = moved.findings.map((f) => ({ ...f, line: f.line === null ? null : f.line + 7 }));
    const after = toSarif(moved, { catalog: CATALOG }).runs[0]!.results;
    assert.deepEqual(
      after.map((r) => r.partialFingerprints),
      before.map((r) => r.partialFingerprints),
    );
    assert.notEqual(fingerprint(finding()), fingerprint(finding({ message: "another problem" })));
    assert.notEqual(fingerprint(finding()), fingerprint(finding({ file: "apps/other.yaml" })));
  });
});

describe("annotations", () => {
  it("caps at 10 errors and 10 warnings and returns the rest as overflow", () => {
    const findings = [
      ...Array.from({ length: 25 }, (_, i) => finding({ line: i + 1, message: `error ${i}` })),
      ...Array.from({ length: 12 }, (_, i) =>
        finding({ severity: "warning", line: i + 1, message: `warning ${i}` }),
      ),
    ];
    const plan = planAnnotations({ ...sampleReport(), findings });
    assert.equal(plan.annotations.filter((a) => a.level === "error").length, 10);
    assert.equal(plan.annotations.filter((a) => a.level === "warning").length, 10);
    assert.equal(plan.overflow.filter((f) => f.severity === "error").length, 15);
    assert.equal(plan.overflow.filter((f) => f.severity === "warning").length, 2);
    const first = plan.annotations[0]!;
    assert.equal(first.file, "apps/taxi-trips/base/rule.yaml");
    assert.equal(first.startLine, 1);
    assert.equal(first.title, "wiring/rule-target-missing (dev)");

    const summary = renderSummary({ ...sampleReport(), findings }, { overflow: plan.overflow });
    assert.match(summary, /### Not annotated inline/);
    assert.match(summary, /17 findings had no room/);
    assert.match(summary, /error 24/);
  });

  it("prefers findings with a line, and annotates one problem shared by environments once", () => {
    const findings = [
      ...Array.from({ length: 10 }, (_, i) => finding({ line: null, message: `no line ${i}` })),
      finding({ environment: "dev", line: 5, message: "shared" }),
      finding({ environment: "prod", line: 5, message: "shared" }),
    ];
    const plan = planAnnotations({ ...sampleReport(), findings });
    assert.equal(plan.annotations[0]!.title, "wiring/rule-target-missing (dev, prod)");
    assert.equal(plan.annotations[0]!.startLine, 5);
    assert.equal(plan.annotations.length, 10);
    assert.equal(plan.overflow.length, 1);
    assert.equal(plan.overflow[0]!.line, null);
  });
});

describe("job summary", () => {
  it("has a table per environment and a Mermaid wiring diagram with the broken edge in red", () => {
    const md = renderSummary(sampleReport());
    assert.match(md, /^## ❌ edp validate: 3 errors, 1 warning$/m);
    assert.match(md, /^### dev: 1 error, 1 warning$/m);
    assert.match(md, /^### prod: 1 error$/m);
    assert.match(md, /^### Repository-wide: 1 error$/m);
    assert.match(
      md,
      /\| ❌ error \| `wiring\/rule-target-missing` \| `apps\/taxi-trips\/base\/rule\.yaml:12` \| `Rule\/taxi-trips-dev` \|/,
    );
    // pipes and HTML in messages cannot break the table
    assert.match(md, /spec\.foo is not in the schema \\\| check &lt;this&gt; \|$/m);

    const mermaid = /```mermaid\n([\s\S]*?)\n```/.exec(md)?.[1];
    assert.ok(mermaid, md);
    assert.equal((md.match(/```mermaid/g) ?? []).length, 1, "only dev has wiring");
    const lines = mermaid.split("\n");
    assert.equal(lines[0], "flowchart LR");
    assert.ok(lines.includes('  n0["Bucket<br/>edp-taxi-trips-dev"]'), mermaid);
    assert.ok(lines.includes('  n2["StateMachine<br/>taxi-trips-dev<br/>⚠ missing"]'), mermaid);
    const edges = lines.filter((l) => /^ {2}n\d+ (-->|-\.->)/.test(l));
    assert.deepEqual(edges, ['  n0 -->|"Object Created"| n1', '  n1 -.->|"target ✗"| n2']);
    // linkStyle indexes count edges in declaration order: the broken one is the second (1)
    assert.ok(lines.includes("  linkStyle 1 stroke:#d73a49,stroke-width:2px,stroke-dasharray:5 5"), mermaid);
    assert.ok(lines.includes("  class n2 missing"), mermaid);
  });

  it("stays under its byte budget, cutting tables with a note", () => {
    const findings = Array.from({ length: 20_000 }, (_, i) =>
      finding({ line: i + 1, message: `problem number ${i} ${"x".repeat(60)}` }),
    );
    const report = { ...sampleReport(), findings };
    const md = renderSummary(report);
    assert.ok(Buffer.byteLength(md) < 1024 * 1024, `${Buffer.byteLength(md)} bytes`);
    assert.match(md, /more findings in dev not shown \(summary size limit\)/);
    assert.match(md, /```mermaid/, "the diagram survives truncation");
    const small = renderSummary(report, { maxBytes: 20_000 });
    assert.ok(Buffer.byteLength(small) <= 20_000, `${Buffer.byteLength(small)} bytes`);
  });

  it("appends notes and says when the whole run passed", () => {
    const md = renderSummary(
      { ...sampleReport(), ok: true, findings: [] },
      { notes: ["No comment: HTTP 403"] },
    );
    assert.match(md, /^## ✅ edp validate passed$/m);
    assert.match(md, /^> No comment: HTTP 403$/m);
  });
});

describe("pull-request comment", () => {
  it("starts with the marker and has counts per environment", () => {
    const body = renderComment(sampleReport(), {
      runUrl: "https://github.example/o/r/actions/runs/1",
      sha: "0123456789abcdef",
    });
    assert.ok(body.startsWith(`${COMMENT_MARKER}\n`));
    assert.match(body, /^\| ❌ dev \| 1 \| 1 \|$/m);
    assert.match(body, /^\| ❌ prod \| 1 \| 0 \|$/m);
    assert.match(
      body,
      /\[Workflow run and wiring diagrams\]\(https:\/\/github\.example\/o\/r\/actions\/runs\/1\)/,
    );
    assert.match(body, /commit `0123456`/);
  });

  it("stays under 65,000 characters with 5,000 findings", () => {
    const findings = Array.from({ length: 5000 }, (_, i) =>
      finding({
        environment: i % 2 ? "dev" : "prod",
        line: i + 1,
        message: `problem ${i}: ${"y".repeat(40)}`,
      }),
    );
    const body = renderComment({ ...sampleReport(), findings });
    assert.ok(body.length < 65_000, `${body.length} chars`);
    assert.match(body, /more findings not shown \(comment size limit\)/);
    assert.match(body, /<\/details>/);
    assert.ok(body.length > 50_000, "uses the room it has");
  });
});

describe("reporter selection and paths", () => {
  it("selects by name and refuses unknown formats with a UsageError", () => {
    const report = sampleReport();
    assert.equal(selectReporter("json")(report), renderJson(report));
    assert.throws(
      () => selectReporter("yaml"),
      (e: unknown) => e instanceof UsageError && /text, json, sarif/.test(e.message),
    );
  });

  it("handles a finding no file could be named for", () => {
    const report = { ...sampleReport(), findings: [finding({ file: "", line: null })] };
    assert.match(renderText(report), /^ {2}\(no file\) {2}error/m);
    assert.deepEqual(toSarif(report, { catalog: CATALOG }).runs[0]!.results[0]!.locations, []);
    assert.equal(rebaseReport(report, "gitops").findings[0]!.file, "");
    assert.equal(planAnnotations(report).annotations[0]!.file, "");
  });

  it("rebases finding paths onto the workspace", () => {
    const rebased = rebaseReport(sampleReport(), "gitops");
    assert.equal(rebased.findings[0]!.file, "gitops/apps/taxi-trips/base/state-machine.yaml");
    assert.equal(
      rebaseReport(sampleReport(), ".").findings[0]!.file,
      "apps/taxi-trips/base/state-machine.yaml",
    );
  });
});

describe("environments --changed-since did not render", () => {
  const report = (): ValidationReport => ({
    ok: true,
    environments: ["dev", "staging"],
    findings: [],
    stats: { documents: 3, renderMs: 10, validateMs: 5 },
    wiring: [],
    notRendered: ["staging"],
  });

  it("text says they were not checked instead of ok", () => {
    const lines = renderText(report(), { color: false }).split("\n");
    assert.ok(lines.includes("dev: ok"), lines.join("\n"));
    assert.ok(lines.includes("staging: not checked (no change since the base affects it)"), lines.join("\n"));
  });

  it("the job summary marks them neither passed nor failed", () => {
    const summary = renderSummary(report());
    assert.match(summary, /\| ➖ staging \| 0 \| 0 \|/);
    assert.match(summary, /### staging: not checked/);
    assert.match(summary, /\| ✅ dev \| 0 \| 0 \|/);
  });

  it("the JSON report keeps its documented keys", () => {
    assert.deepEqual(Object.keys(JSON.parse(renderJson(report())) as object), [
      "version",
      "ok",
      "environments",
      "findings",
      "suppressed",
      "stats",
    ]);
  });
});
