/**
 * .edp.yaml and `# edp:ignore`: the settings file read as untrusted input (problems at their
 * line and column), rule levels per path, inline suppressions, and the findings the config/*
 * rules raise about them, all through settleFindings as validateRepository calls it.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, it } from "node:test";
import type { Finding } from "../../src/model/finding.ts";
import { RULES } from "../../src/validate/catalog.ts";
import {
  emptyConfig,
  findDirectives,
  loadConfig,
  parseConfig,
  settleFindings,
  type EdpConfig,
} from "../../src/validate/settings/index.ts";

const IDS = RULES.map((r) => r.id);
const RULE_FILE = "apps/taxi-trips/base/pipeline/rule.yaml";
const LEGACY_FILE = "apps/legacy-etl/base/rule.yaml";

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: "trap/literal-account-id",
    severity: "error",
    message: "literal ARN with account 123456789012",
    file: RULE_FILE,
    line: 4,
    column: 12,
    environment: null,
    resource: null,
    ...overrides,
  };
}

/** Settles findings against a config text and file texts, as validateRepository does. */
function settle(
  found: Finding[],
  {
    config,
    files = {},
    complete = true,
  }: { config?: string; files?: Record<string, string>; complete?: boolean },
) {
  const parsed: EdpConfig = config === undefined ? emptyConfig() : parseConfig(config, IDS);
  return settleFindings(found, {
    repoRoot: "/repo",
    rules: RULES,
    config: parsed,
    manifests: () => Object.entries(files).map(([file, text]) => ({ file, text })),
    readText: () => null,
    complete,
  });
}

const rulesOf = (fs: readonly Finding[]) => fs.map((f) => f.rule);

describe(".edp.yaml is checked key by key, at its lines", () => {
  it("reads allowKinds, rules and overrides", () => {
    const config = parseConfig(
      [
        "allowKinds: [apps/v1/Deployment]",
        "rules:",
        "  vars/unused: off",
        "overrides:",
        "  - files: apps/legacy-*/**",
        "    rules:",
        "      trap/literal-account-id: warning",
        "",
      ].join("\n"),
      IDS,
    );
    assert.deepEqual(config.problems, []);
    assert.deepEqual([...config.allowKinds], ["apps/v1/Deployment"]);
    assert.deepEqual(config.rules.get("vars/unused"), { level: "off", line: 3 });
    assert.equal(config.overrides.length, 1);
    assert.equal(config.overrides[0]!.matches(LEGACY_FILE), true);
    assert.equal(config.overrides[0]!.matches(RULE_FILE), false);
  });

  it("names unknown keys, rule ids, levels and globs at their line and column, and keeps the rest", () => {
    const text = [
      "rule:", // 1: unknown key (did you mean rules?)
      "  vars/unused: off",
      "rules:",
      "  trap/literal-acount-id: off", // 4: misspelt id
      "  vars/unused: false", // 5: not a level
      "  config/invalid: off", // 6: fixed rule
      "  wiring/rule-disabled: error", // 7: valid, kept
      "overrides:",
      "  - files: [/etc/**, '!apps/**', apps/**]", // 9: absolute, negated; apps/** kept
      "    rules: { vars/unused: warning }",
      "    severity: high", // 11: unknown key in an override
      "  - rules: { vars/unused: off }", // 12: no files
      "",
    ].join("\n");
    const config = parseConfig(text, IDS);
    const at = config.problems.map((p) => [p.line, p.column, p.message]);
    assert.deepEqual(
      at.map(([line, column]) => [line, column]),
      [
        [1, 1],
        [4, 3],
        [5, 16],
        [6, 3],
        [9, 13],
        [9, 22],
        [11, 5],
        [12, 5],
      ],
      JSON.stringify(at, null, 1),
    );
    const messages = config.problems.map((p) => p.message);
    assert.match(messages[0]!, /unknown key 'rule'; did you mean 'rules'\?/);
    assert.match(
      messages[1]!,
      /unknown rule 'trap\/literal-acount-id' in rules; did you mean 'trap\/literal-account-id'\?/,
    );
    assert.match(messages[2]!, /vars\/unused: boolean false is not a level; write off, warning or error/);
    assert.match(messages[3]!, /config\/invalid reports this file itself/);
    assert.match(messages[4]!, /'\/etc\/\*\*' is not repository-relative/);
    assert.match(messages[5]!, /negated globs are not supported/);
    assert.match(messages[6]!, /unknown key 'severity' in overrides\[0\]; the keys here are files, rules/);
    assert.match(messages[7]!, /overrides\[1\] needs both files \(globs\) and rules/);
    // The valid rest applies.
    assert.deepEqual(config.rules.get("wiring/rule-disabled"), { level: "error", line: 7 });
    assert.equal(config.overrides.length, 1);
    assert.deepEqual(config.overrides[0]!.patterns, ["apps/**"]);
  });

  it("applies nothing from a file that is not valid YAML, and says so at the line", () => {
    const config = parseConfig("rules:\n  vars/unused: off\n  vars/unused: warning\n", IDS);
    assert.equal(config.rules.size, 0);
    assert.equal(config.problems.length, 1);
    assert.equal(config.problems[0]!.line, 3);
    assert.match(config.problems[0]!.message, /duplicate key.*nothing in the file was applied/);
  });

  it("refuses aliases (no alias bomb) and a second document", () => {
    const bomb = ["a: &a [x, x, x]", "b: &b [*a, *a, *a]", "c: [*b, *b, *b]", "rules: {}", ""].join("\n");
    const config = parseConfig(bomb, IDS);
    assert.match(config.problems[0]?.message ?? "", /aliases are not allowed/);
    assert.match(
      parseConfig("rules: {}\n---\nrules: {}\n", IDS).problems[0]?.message ?? "",
      /more than one YAML document/,
    );
  });

  it("the example in docs/configuration.md is a valid settings file", () => {
    const doc = readFileSync(new URL("../../../docs/configuration.md", import.meta.url), "utf8");
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
    assert.match(example, /overrides:/);
    const config = parseConfig(example, IDS);
    assert.deepEqual(config.problems, []);
    assert.equal(config.overrides.length, 2);
  });

  it("an empty file is no settings, a list is a problem", () => {
    assert.deepEqual(parseConfig("# nothing yet\n", IDS).problems, []);
    assert.match(parseConfig("- rules\n", IDS).problems[0]?.message ?? "", /must be a mapping/);
  });

  it("keeps a pathological glob cheap (bounded brace expansion, no backtracking blow-up)", () => {
    const started = performance.now();
    const config = parseConfig(
      `overrides:\n  - files: ["${"{a,b}".repeat(40)}", "${"*a".repeat(40)}b"]\n    rules: { vars/unused: off }\n`,
      IDS,
    );
    assert.deepEqual(config.problems, []);
    assert.equal(config.overrides[0]!.matches(`apps/${"a".repeat(200)}`), false);
    assert.ok(performance.now() - started < 2000, `${performance.now() - started} ms`);
  });

  describe("loadConfig", () => {
    let dir = "";
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("bounds the file's size and refuses a link out of the repository", () => {
      dir = mkdtempSync(path.join(tmpdir(), "edp-config-"));
      const repo = path.join(dir, "repo");
      mkdirSync(repo);
      assert.equal(loadConfig(repo, IDS).file, null, "no file: no settings");
      writeFileSync(path.join(repo, ".edp.yaml"), `rules:\n${"  # padding\n".repeat(30_000)}`);
      assert.match(loadConfig(repo, IDS).problems[0]?.message ?? "", /over the 256 KiB limit/);
      writeFileSync(path.join(dir, "outside.yaml"), "rules: {}\n");
      rmSync(path.join(repo, ".edp.yaml"));
      symlinkSync(path.join(dir, "outside.yaml"), path.join(repo, ".edp.yaml"));
      assert.match(loadConfig(repo, IDS).problems[0]?.message ?? "", /link to a file outside the repository/);
    });
  });
});

describe("rule levels from .edp.yaml", () => {
  it("turns a rule off (an external suppression at the setting's line) or changes its severity", () => {
    const config = "rules:\n  trap/literal-account-id: off\n  wiring/rule-disabled: error\n";
    const disabled = finding({ rule: "wiring/rule-disabled", severity: "warning", line: 9 });
    const result = settle([finding(), disabled], { config });
    assert.deepEqual(rulesOf(result.findings), ["wiring/rule-disabled"]);
    assert.equal(result.findings[0]!.severity, "error");
    assert.deepEqual(result.suppressed[0]!.suppression, {
      kind: "external",
      reason: null,
      file: ".edp.yaml",
      line: 2,
    });
  });

  it("per path: an override applies to the files its globs match, the later one winning", () => {
    const config = [
      "rules:",
      "  trap/literal-account-id: warning",
      "overrides:",
      "  - files: [apps/legacy-*/**]",
      "    rules: { trap/literal-account-id: off }",
      "  - files: apps/legacy-etl/base/rule.yaml",
      "    rules: { trap/literal-account-id: error }",
      "  - files: apps/legacy-etl/overlays/**",
      "    rules: { trap/literal-account-id: off }",
      "",
    ].join("\n");
    const result = settle(
      [
        finding(),
        finding({ file: LEGACY_FILE }),
        finding({ file: "apps/legacy-etl/overlays/dev/x.yaml" }),
        finding({ file: "" }),
      ],
      { config },
    );
    assert.deepEqual(
      result.findings.map((f) => [f.file, f.severity]),
      [
        ["", "warning"],
        [LEGACY_FILE, "error"],
        [RULE_FILE, "warning"],
      ],
    );
    assert.deepEqual(
      result.suppressed.map((f) => [f.file, f.suppression.line]),
      [["apps/legacy-etl/overlays/dev/x.yaml", 9]],
    );
  });

  it("config/invalid stays an error whatever the file says, other config/* rules take levels", () => {
    const config = "rules:\n  config/suppression-without-reason: off\n  nope/nothing: off\n";
    const files = { [RULE_FILE]: "a: 1\nb: 2 # edp:ignore trap/literal-account-id\n" };
    const result = settle([finding({ line: 2 })], { config, files });
    assert.deepEqual(rulesOf(result.findings), ["config/invalid"]);
    assert.equal(result.findings[0]!.severity, "error");
    assert.deepEqual(rulesOf(result.suppressed).sort(), [
      "config/suppression-without-reason",
      "trap/literal-account-id",
    ]);
  });
});

describe("# edp:ignore", () => {
  const text = [
    "spec:", // 1
    "  roleARN: arn:aws:iam::123456789012:role/x # edp:ignore trap/literal-account-id audit account", // 2
    "  # edp:ignore wiring/rule-disabled,vars/unused -- paused until PLAT-812", // 3
    "  # another comment", // 4
    "  state: DISABLED", // 5
    "  name: 'a # edp:ignore-not-a-directive'", // 6
    "",
  ].join("\n");

  it("applies to its own line after code, to the next non-comment line when alone", () => {
    const directives = findDirectives(RULE_FILE, text);
    assert.deepEqual(
      directives.map((d) => [d.line, d.column, d.target, d.rules, d.reason]),
      [
        [2, 45, 2, ["trap/literal-account-id"], "audit account"],
        [3, 3, 5, ["wiring/rule-disabled", "vars/unused"], "paused until PLAT-812"],
      ],
    );
  });

  it("suppresses the finding on its line (kind inSource, with the reason), not others", () => {
    const found = [
      finding({ line: 2 }),
      finding({ rule: "wiring/rule-disabled", severity: "warning", line: 5, environment: "dev" }),
      finding({ rule: "wiring/rule-disabled", severity: "warning", line: 5, environment: "prod" }),
      finding({ line: 5 }), // a rule the comment does not name
    ];
    const result = settle(found, { files: { [RULE_FILE]: text } });
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.line]),
      [
        ["config/unused-suppression", 3], // vars/unused matched nothing
        ["trap/literal-account-id", 5],
      ],
    );
    assert.match(
      result.findings[0]!.message,
      /for vars\/unused suppresses nothing: no such finding on line 5/,
    );
    assert.deepEqual(
      result.suppressed.map((f) => [
        f.rule,
        f.environment,
        f.suppression.kind,
        f.suppression.reason,
        f.suppression.line,
      ]),
      [
        ["trap/literal-account-id", null, "inSource", "audit account", 2],
        ["wiring/rule-disabled", "dev", "inSource", "paused until PLAT-812", 3],
        ["wiring/rule-disabled", "prod", "inSource", "paused until PLAT-812", 3],
      ],
    );
  });

  it("a comment without a reason still suppresses, and is a warning", () => {
    const files = { [RULE_FILE]: "a: 1\nb: 2 # edp:ignore trap/literal-account-id\n" };
    const result = settle([finding({ line: 2 })], { files });
    assert.deepEqual(rulesOf(result.suppressed), ["trap/literal-account-id"]);
    assert.equal(result.suppressed[0]!.suppression.reason, null);
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.severity, f.file, f.line, f.column]),
      [["config/suppression-without-reason", "warning", RULE_FILE, 2, 6]],
    );
  });

  it("an unknown rule id, no rule id, or a config/* id is a warning and suppresses nothing", () => {
    const files = {
      [RULE_FILE]: [
        "a: 1 # edp:ignore trap/literal-acount-id typo",
        "b: 2 # edp:ignore",
        "c: 3 # edp:ignore config/unused-suppression not like this",
        "",
      ].join("\n"),
    };
    const result = settle([finding({ line: 1 })], { files });
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.line]),
      [
        ["config/suppression-unknown-rule", 1],
        ["trap/literal-account-id", 1],
        ["config/suppression-unknown-rule", 2],
        ["config/suppression-unknown-rule", 3],
      ],
    );
    assert.match(result.findings[0]!.message, /'trap\/literal-acount-id', which no rule has/);
    assert.match(result.findings[2]!.message, /names no rule/);
    assert.match(result.findings[3]!.message, /set their level in \.edp\.yaml/);
  });

  it("echoes no control characters from a comment into the reports", () => {
    const files = { [RULE_FILE]: "a: 1 # edp:ignore \u001b[2Jtrap/x clear \u001b[31mscreen\n" };
    const result = settle([], { files });
    const unknown = result.findings.find((f) => f.rule === "config/suppression-unknown-rule");
    assert.ok(unknown, JSON.stringify(result.findings));
    assert.ok(!/\p{Cc}/u.test(unknown.message), unknown.message);
    assert.match(unknown.message, /'\?\[2Jtrap\/x'/);
  });

  it("an unused comment is reported only when every environment was checked", () => {
    const files = { [RULE_FILE]: "a: 1 # edp:ignore vars/unused no longer needed\n" };
    assert.deepEqual(rulesOf(settle([], { files, complete: true }).findings), ["config/unused-suppression"]);
    assert.deepEqual(settle([], { files, complete: false }).findings, []);
  });

  it("scans a file a finding points into that is not a manifest", () => {
    const script = "apps/taxi-trips/scripts/job.py";
    const result = settleFindings([finding({ file: script, line: 1 })], {
      repoRoot: "/repo",
      rules: RULES,
      config: emptyConfig(),
      manifests: () => [],
      readText: (file) =>
        file === script ? "x = 1  # edp:ignore trap/literal-account-id test fixture\n" : null,
      complete: true,
    });
    assert.deepEqual(result.findings, []);
    assert.equal(result.suppressed[0]!.suppression.file, script);
  });
});
