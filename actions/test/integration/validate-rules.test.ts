/**
 * Every validate rule, proven on the repository's own manifests: each case breaks a temporary
 * copy the way a pull request could, and asserts the finding's rule, file, line and environment.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { validateRepository } from "../../src/validate/index.ts";
import type { Finding } from "../../src/model/finding.ts";
import { copyRepository, type RepoCopy } from "../helpers/repo-copy.ts";

const SM = "apps/taxi-trips/base/pipeline/state-machine.yaml";
const ASL = "apps/taxi-trips/base/pipeline/state-machine.asl.json";
const PATTERN = "apps/taxi-trips/base/pipeline/event-pattern.json";
const RULE = "apps/taxi-trips/base/pipeline/rule.yaml";
const BUCKET = "apps/taxi-trips/base/infra/bucket.yaml";
const DEV_FLUX = "clusters/dev/taxi-trips.yaml";

interface Case {
  name: string;
  env?: string[];
  breakIt: (repo: RepoCopy) => void;
  expect: (repo: RepoCopy) => {
    rule: string;
    file: string;
    line: number | null;
    environment: string | null;
    message?: RegExp;
  };
}

const cases: Case[] = [
  {
    name: "schema/invalid: misspelt field with a suggestion",
    breakIt: (r) => r.replace(SM, "  roleARN:", "  roleArn:"),
    expect: (r) => ({
      rule: "schema/invalid",
      file: SM,
      line: r.lineOf(SM, "roleArn:"),
      environment: "dev",
      message: /roleARN/,
    }),
  },
  {
    name: "schema/unknown-kind: a kind with no schema is a failure",
    breakIt: (r) => {
      r.write(
        "apps/taxi-trips/base/infra/extra.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n  namespace: taxi-trips\nspec: {}\n",
      );
      r.replace(
        "apps/taxi-trips/base/infra/kustomization.yaml",
        "  - namespace.yaml\n",
        "  - namespace.yaml\n  - extra.yaml\n",
      );
    },
    expect: () => ({
      rule: "schema/unknown-kind",
      file: "apps/taxi-trips/base/infra/extra.yaml",
      line: 2,
      environment: "dev",
    }),
  },
  {
    name: "asl/invalid: a Next that names no state, on its line in the .asl.json",
    breakIt: (r) => r.replace(ASL, '"Next": "Run Spark job"', '"Next": "Run Spark jobs"'),
    expect: (r) => ({
      rule: "asl/invalid",
      file: ASL,
      line: r.lineOf(ASL, '"Next": "Run Spark jobs"'),
      environment: "dev",
      message: /Run Spark jobs/,
    }),
  },
  {
    name: "asl/emr-task: a pod template the repository does not upload",
    breakIt: (r) => r.replace(ASL, "pod-templates/driver.yaml", "pod-templates/drivers.yaml"),
    expect: (r) => ({
      rule: "asl/emr-task",
      file: ASL,
      line: r.lineOf(ASL, "drivers.yaml"),
      environment: "dev",
      message: /drivers\.yaml/,
    }),
  },
  {
    name: "eventpattern/invalid: unknown operator, with the nearest valid one",
    breakIt: (r) => r.replace(PATTERN, '"wildcard"', '"wildcards"'),
    expect: (r) => ({
      rule: "eventpattern/invalid",
      file: PATTERN,
      line: r.lineOf(PATTERN, "wildcards"),
      environment: "dev",
      message: /wildcard/,
    }),
  },
  {
    name: "eventpattern/no-trigger: the entry points would never start a run",
    breakIt: (r) => r.replace(PATTERN, '"scripts/*.py"', '"jobs/*.py"'),
    expect: (r) => ({
      rule: "eventpattern/no-trigger",
      file: PATTERN,
      line: r.lineOf(PATTERN, '"key"'),
      environment: "dev",
      message: /daily_zone_stats\.py/,
    }),
  },
  {
    name: "eventpattern/data-triggers: input data would start runs",
    breakIt: (r) => r.replace(PATTERN, '{ "wildcard": "scripts/*.py" }', '{ "prefix": "" }'),
    expect: (r) => ({
      rule: "eventpattern/data-triggers",
      file: PATTERN,
      line: r.lineOf(PATTERN, '"key"'),
      environment: "dev",
    }),
  },
  {
    name: "trap/non-entry-point-trigger: a non-entry-point file under the trigger prefix",
    breakIt: (r) => r.write("apps/taxi-trips/scripts/NOTES.md", "notes\n"),
    expect: () => ({
      rule: "trap/non-entry-point-trigger",
      file: "apps/taxi-trips/scripts/NOTES.md",
      line: null,
      environment: "dev",
    }),
  },
  {
    name: "wiring/rule-target-missing: the rule starts a state machine this environment lacks",
    breakIt: (r) =>
      r.replace(
        "apps/taxi-trips/overlays/dev/pipeline/kustomization.yaml",
        /replacements:[\s\S]*?index: 6\n/,
        "",
      ),
    expect: (r) => ({
      rule: "wiring/rule-target-missing",
      file: RULE,
      line: r.lineOf(RULE, "arn: arn:aws:states"),
      environment: "dev",
    }),
  },
  {
    name: "wiring/rule-bucket-missing: the pattern watches another bucket",
    breakIt: (r) => r.replace(PATTERN, '"${TAXI_TRIPS_BUCKET}"', '"someone-elses-bucket"'),
    expect: (r) => ({
      rule: "wiring/rule-bucket-missing",
      file: PATTERN,
      line: r.lineOf(PATTERN, '"name"'),
      environment: "dev",
    }),
  },
  {
    name: "wiring/virtual-cluster-namespace: no EMR RBAC in the namespace",
    breakIt: (r) => r.replace("apps/taxi-trips/base/infra/kustomization.yaml", "  - emr-rbac.yaml\n", ""),
    expect: (r) => ({
      rule: "wiring/virtual-cluster-namespace",
      file: "apps/taxi-trips/base/infra/virtual-cluster.yaml",
      line: r.lineOf("apps/taxi-trips/base/infra/virtual-cluster.yaml", "        namespace: taxi-trips"),
      environment: "dev",
    }),
  },
  {
    name: "wiring/field-export: no to.key means an invalid Flux variable name",
    breakIt: (r) =>
      r.replace(
        "apps/taxi-trips/base/infra/virtual-cluster-export.yaml",
        "    key: TAXI_TRIPS_VIRTUAL_CLUSTER_ID\n",
        "",
      ),
    expect: () => ({
      rule: "wiring/field-export",
      file: "apps/taxi-trips/base/infra/virtual-cluster-export.yaml",
      line: null,
      environment: "dev",
      message: /to\.key/,
    }),
  },
  {
    name: "wiring/field-export: the exported ConfigMap is not protected from Flux",
    breakIt: (r) =>
      r.replace(
        "apps/taxi-trips/base/infra/virtual-cluster-export.yaml",
        "    kustomize.toolkit.fluxcd.io/ssa: IfNotPresent\n",
        "    note: unprotected\n",
      ),
    expect: (r) => ({
      rule: "wiring/field-export",
      file: "apps/taxi-trips/base/infra/virtual-cluster-export.yaml",
      line: r.lineOf("apps/taxi-trips/base/infra/virtual-cluster-export.yaml", "name: taxi-trips-exports"),
      environment: "dev",
    }),
  },
  {
    name: "wiring/duplicate-aws-name: two environments create the same bucket",
    env: ["dev", "staging"],
    breakIt: (r) =>
      r.replace(
        "apps/taxi-trips/overlays/staging/infra/names.yaml",
        "name: edp-taxi-trips-staging",
        "name: edp-taxi-trips-dev",
      ),
    expect: (r) => ({
      rule: "wiring/duplicate-aws-name",
      file: "apps/taxi-trips/overlays/staging/infra/names.yaml",
      line: r.lineOf("apps/taxi-trips/overlays/staging/infra/names.yaml", "edp-taxi-trips-dev"),
      environment: "staging",
    }),
  },
  {
    name: "flux/path-missing",
    breakIt: (r) => r.replace(DEV_FLUX, "overlays/dev/pipeline", "overlays/dev/pipelines"),
    expect: (r) => ({
      rule: "flux/path-missing",
      file: DEV_FLUX,
      line: r.lineOf(DEV_FLUX, "pipelines"),
      environment: "dev",
    }),
  },
  {
    name: "flux/dependency-missing",
    breakIt: (r) =>
      r.replace(DEV_FLUX, "    - name: taxi-trips-infra", "    - name: taxi-trips-infrastructure"),
    expect: (r) => ({
      rule: "flux/dependency-missing",
      file: DEV_FLUX,
      line: r.lineOf(DEV_FLUX, "taxi-trips-infrastructure"),
      environment: "dev",
    }),
  },
  {
    name: "flux/dependency-cycle",
    breakIt: (r) =>
      r.replace(
        DEV_FLUX,
        "  name: taxi-trips-infra\n  namespace: flux-system\nspec:\n",
        "  name: taxi-trips-infra\n  namespace: flux-system\nspec:\n  dependsOn:\n    - name: taxi-trips-pipeline\n",
      ),
    expect: () => ({
      rule: "flux/dependency-cycle",
      file: DEV_FLUX,
      line: null,
      environment: "dev",
      message: /cycle/,
    }),
  },
  {
    name: "flux/source-missing",
    breakIt: (r) =>
      r.replace(
        DEV_FLUX,
        "    kind: GitRepository\n    name: flux-system\n  postBuild:\n    # Later",
        "    kind: GitRepository\n    name: fluxsystem\n  postBuild:\n    # Later",
      ),
    expect: (r) => ({
      rule: "flux/source-missing",
      file: DEV_FLUX,
      line: r.lineOf(DEV_FLUX, "name: fluxsystem"),
      environment: "dev",
    }),
  },
  {
    name: "flux/remote-base: detected without any network attempt",
    breakIt: (r) =>
      r.replace(
        "apps/taxi-trips/overlays/dev/infra/kustomization.yaml",
        "  - ../../../base/infra\n",
        "  - ../../../base/infra\n  - https://github.com/example/repo//base?ref=v1\n",
      ),
    expect: (r) => ({
      rule: "flux/remote-base",
      file: "apps/taxi-trips/overlays/dev/infra/kustomization.yaml",
      line: r.lineOf("apps/taxi-trips/overlays/dev/infra/kustomization.yaml", "https://github.com"),
      environment: "dev",
    }),
  },
  {
    name: "flux/variable-unresolved: a git-provided setting removed",
    breakIt: (r) =>
      r.replace("apps/taxi-trips/overlays/dev/settings.env", /TAXI_TRIPS_EXECUTOR_MEMORY=.*\n/, ""),
    expect: (r) => ({
      rule: "flux/variable-unresolved",
      file: ASL,
      line: r.lineOf(ASL, "TAXI_TRIPS_EXECUTOR_MEMORY"),
      environment: "dev",
    }),
  },
  {
    name: "vars/undeclared",
    breakIt: (r) => r.replace(RULE, "  description: Starts", "  description: ${TEAM_NAME} starts"),
    expect: (r) => ({
      rule: "vars/undeclared",
      file: RULE,
      line: r.lineOf(RULE, "TEAM_NAME"),
      environment: "dev",
    }),
  },
  {
    name: "vars/value-shape: a git-provided value of the wrong shape",
    breakIt: (r) =>
      r.replace(
        "apps/taxi-trips/overlays/dev/settings.env",
        /TAXI_TRIPS_EXECUTOR_MEMORY=.*/,
        "TAXI_TRIPS_EXECUTOR_MEMORY=lots",
      ),
    expect: (r) => ({
      rule: "vars/value-shape",
      file: "apps/taxi-trips/overlays/dev/settings.env",
      line: r.lineOf("apps/taxi-trips/overlays/dev/settings.env", "=lots"),
      environment: "dev",
    }),
  },
  {
    name: "trap/bucket-notification",
    breakIt: (r) =>
      r.replace(BUCKET, "  versioning:\n", "  notification:\n    queueConfigurations: []\n  versioning:\n"),
    expect: (r) => ({
      rule: "trap/bucket-notification",
      file: BUCKET,
      line: r.lineOf(BUCKET, "notification:"),
      environment: "dev",
    }),
  },
  {
    name: "trap/literal-account-id",
    breakIt: (r) =>
      r.replace(
        RULE,
        "roleARN: ${TAXI_TRIPS_EVENTS_ROLE_ARN}",
        "roleARN: arn:aws:iam::123456789012:role/events",
      ),
    expect: (r) => ({
      rule: "trap/literal-account-id",
      file: RULE,
      line: r.lineOf(RULE, "123456789012"),
      environment: null,
    }),
  },
  {
    name: "yaml/parse-error: a tab in a cluster file",
    breakIt: (r) =>
      r.replace(DEV_FLUX, "  interval: 10m\n  retryInterval", "\tinterval: 10m\n  retryInterval"),
    expect: (r) => ({
      rule: "yaml/parse-error",
      file: DEV_FLUX,
      line: r.lineOf(DEV_FLUX, "\tinterval"),
      environment: "dev",
      message: /tab/,
    }),
  },
  {
    name: "yaml/parse-error: duplicate keys",
    breakIt: (r) =>
      r.replace(
        DEV_FLUX,
        "  interval: 10m\n  retryInterval",
        "  interval: 10m\n  interval: 5m\n  retryInterval",
      ),
    expect: (r) => ({
      rule: "yaml/parse-error",
      file: DEV_FLUX,
      line: r.lineOf(DEV_FLUX, "interval: 5m"),
      environment: "dev",
      message: /duplicate/,
    }),
  },
  {
    name: "render/kustomize-failed: a patch file that does not exist",
    breakIt: (r) =>
      r.replace(
        "apps/taxi-trips/overlays/dev/pipeline/kustomization.yaml",
        "path: names.yaml",
        "path: name.yaml",
      ),
    expect: (r) => ({
      rule: "render/kustomize-failed",
      file: "apps/taxi-trips/overlays/dev/pipeline/kustomization.yaml",
      line: r.lineOf("apps/taxi-trips/overlays/dev/pipeline/kustomization.yaml", "name.yaml"),
      environment: "dev",
    }),
  },
  {
    name: "render/not-a-manifest: a YAML file Flux would choke on",
    breakIt: (r) => r.write("clusters/dev/notes.yaml", "owner: data-platform\n"),
    expect: () => ({
      rule: "render/not-a-manifest",
      file: "clusters/dev/notes.yaml",
      line: 1,
      environment: "dev",
    }),
  },
  {
    name: "flux/substitute-dependency: the pipeline no longer depends on the infra that exports its ConfigMaps",
    breakIt: (r) => r.replace(DEV_FLUX, "  dependsOn:\n    - name: taxi-trips-infra\n", ""),
    expect: (r) => ({
      rule: "flux/substitute-dependency",
      file: DEV_FLUX,
      line: r.lineOf(DEV_FLUX, "name: taxi-trips-exports") - 1,
      environment: "dev",
      message: /taxi-trips-exports' is created by Kustomization taxi-trips-infra/,
    }),
  },
  {
    name: "asl/no-spark-task: a typo in the integration (.snyc), at its line in the .asl.json",
    breakIt: (r) => r.replace(ASL, "startJobRun.sync", "startJobRun.snyc"),
    expect: (r) => ({
      rule: "asl/no-spark-task",
      file: ASL,
      line: r.lineOf(ASL, "startJobRun.snyc"),
      environment: "dev",
      message: /did you mean/,
    }),
  },
];

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `  ${f.rule} ${f.environment} ${f.file}:${f.line} ${f.message}`).join("\n");
}

describe("edp validate rules on broken copies of the repository", () => {
  test("the repository itself validates with no errors", async () => {
    const repo = copyRepository();
    try {
      const report = await validateRepository({ repoRoot: repo.dir });
      const errors = report.findings.filter((f) => f.severity === "error");
      assert.deepEqual(errors, [], describeFindings(errors));
      assert.deepEqual(report.environments, ["dev", "prod", "staging"]);
      assert.ok(report.stats.documents >= 30, `rendered ${report.stats.documents} documents`);
      // prod's rule starts disabled on purpose, and says so.
      assert.ok(report.findings.some((f) => f.rule === "wiring/rule-disabled" && f.environment === "prod"));
      const dev = report.wiring.find((w) => w.environment === "dev");
      assert.ok(dev && dev.edges.length >= 4 && dev.edges.every((e) => e.ok), JSON.stringify(dev));
    } finally {
      repo.remove();
    }
  });

  for (const c of cases) {
    test(c.name, async () => {
      const repo = copyRepository();
      try {
        c.breakIt(repo);
        repo.commit();
        const expected = c.expect(repo);
        const report = await validateRepository({ repoRoot: repo.dir, environments: c.env ?? ["dev"] });
        assert.equal(report.ok, false, "a broken repository must not pass");
        const hit = report.findings.find(
          (f) =>
            f.rule === expected.rule &&
            f.file === expected.file &&
            (expected.line === null || f.line === expected.line) &&
            f.environment === expected.environment &&
            (!expected.message || expected.message.test(f.message)),
        );
        assert.ok(hit, `expected ${JSON.stringify(expected)} among:\n${describeFindings(report.findings)}`);
      } finally {
        repo.remove();
      }
    });
  }
});

describe("bad input stays a finding, and other environments are still checked", () => {
  let repo: RepoCopy;
  before(() => {
    repo = copyRepository();
  });
  after(() => repo.remove());

  test("an alias bomb and a 50 MB file in one environment", async () => {
    const lol = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      lol.push(
        `${"abcdefghij"[i]}: &${"abcdefghij"[i]} [${Array(9)
          .fill(`*${"abcdefghij"[i - 1]}`)
          .join(", ")}]`,
      );
    repo.write("clusters/dev/bomb.yaml", `${lol.join("\n")}\n`);
    repo.write("clusters/dev/huge.yaml", `data: "${"x".repeat(50 * 1024 * 1024)}"\n`);
    const report = await validateRepository({ repoRoot: repo.dir });
    const bomb = report.findings.find((f) => f.file === "clusters/dev/bomb.yaml");
    const huge = report.findings.find((f) => f.file === "clusters/dev/huge.yaml");
    assert.equal(bomb?.rule, "yaml/parse-error");
    assert.match(bomb?.message ?? "", /alias/i);
    assert.equal(huge?.rule, "yaml/parse-error");
    assert.match(huge?.message ?? "", /MB/);
    // staging and prod are untouched and clean.
    assert.deepEqual(
      report.findings.filter((f) => f.environment === "staging" && f.severity === "error"),
      [],
    );
    assert.ok(report.stats.documents > 20);
  });

  test("an alias bomb in a kustomization.yaml is refused, not expanded", async () => {
    const copy = copyRepository();
    try {
      const file = "apps/taxi-trips/overlays/dev/infra/kustomization.yaml";
      const lol = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"];
      for (let i = 1; i < 12; i++)
        lol.push(
          `a${i}: &a${i} [${Array(9)
            .fill(`*a${i - 1}`)
            .join(", ")}]`,
        );
      copy.write(file, `${copy.read(file)}${lol.join("\n")}\n`);
      copy.commit();
      const report = await validateRepository({ repoRoot: copy.dir, environments: ["dev"] });
      assert.equal(report.ok, false);
      // Refused before kustomize sees it, at the file itself.
      assert.ok(
        report.findings.some(
          (f) => f.environment === "dev" && f.rule === "yaml/parse-error" && f.file === file,
        ),
        JSON.stringify(report.findings.map((f) => f.rule)),
      );
    } finally {
      copy.remove();
    }
  });
});

describe("one cause, one finding", () => {
  test("an event pattern that is not JSON is reported at its line, not also as a failed build of apps/", async () => {
    const copy = copyRepository();
    try {
      copy.replace(PATTERN, /"detail-type"/, '"detail-type",');
      copy.commit();
      const report = await validateRepository({ repoRoot: copy.dir, environments: ["dev"] });
      const rules = report.findings.map((f) => `${f.rule} ${f.file}:${f.line}`);
      assert.ok(
        report.findings.some((f) => f.rule === "eventpattern/invalid" && f.file === PATTERN),
        rules.join("\n"),
      );
      assert.ok(!report.findings.some((f) => f.rule === "render/kustomize-failed"), rules.join("\n"));
    } finally {
      copy.remove();
    }
  });
});

describe("YAML that kustomize would parse is checked first, each problem at its own line", () => {
  const brokenCases: {
    name: string;
    file: string;
    from: string | RegExp;
    to: string;
    needle: string;
    message: RegExp;
  }[] = [
    {
      name: "a duplicate key in an overlay patch (kustomize would keep one silently)",
      file: "apps/taxi-trips/overlays/dev/pipeline/names.yaml",
      from: /^( {2}name: .*)$/m,
      to: "$1\n  name: taxi-trips-duplicate",
      needle: "taxi-trips-duplicate",
      message: /unique|duplicate/i,
    },
    {
      name: "a tab in a patch",
      file: "apps/taxi-trips/overlays/dev/pipeline/names.yaml",
      from: /^(spec:\n) {2}/m,
      to: "$1\t",
      needle: "\t",
      message: /tab/i,
    },
    {
      name: "bad indentation in a base resource",
      file: RULE,
      from: /^( {2}eventBusName: default)$/m,
      to: " $1",
      needle: "   eventBusName: default",
      message: /indent|mapping|expected/i,
    },
  ];
  for (const c of brokenCases) {
    test(c.name, async () => {
      const copy = copyRepository();
      try {
        copy.replace(c.file, c.from, c.to);
        copy.commit();
        const report = await validateRepository({ repoRoot: copy.dir, environments: ["dev"] });
        const rules = report.findings.map((f) => `${f.rule} ${f.file}:${f.line} ${f.message}`).join("\n");
        const hit = report.findings.find((f) => f.rule === "yaml/parse-error" && f.file === c.file);
        assert.ok(hit, rules);
        // At the line, or the one above it where the parser noticed (bad indentation).
        const at = copy.lineOf(c.file, c.needle);
        assert.ok(hit.line === at || hit.line === at - 1, `${hit.line} vs ${at}\n${rules}`);
        assert.equal(report.findings.filter((f) => f.rule === "yaml/parse-error").length, 1, rules);
        assert.match(hit.message, c.message);
        assert.ok(!report.findings.some((f) => f.rule === "render/kustomize-failed"), rules);
        assert.ok(!rules.includes(copy.dir), "no absolute paths");
      } finally {
        copy.remove();
      }
    });
  }
});

describe("a failed kustomize build is reported at its cause, once, and its echoes are skipped", () => {
  const cases: {
    name: string;
    file: string;
    from: string | RegExp;
    to: string;
    expect: { file: string; needle: string; message: RegExp };
  }[] = [
    {
      name: "a patch whose kind is misspelt: at the patch's kind line",
      file: "apps/taxi-trips/overlays/dev/pipeline/names.yaml",
      from: /^kind: StateMachine$/m,
      to: "kind: StateMachin",
      expect: {
        file: "apps/taxi-trips/overlays/dev/pipeline/names.yaml",
        needle: "kind: StateMachin",
        message:
          /a patch targets StateMachin 'taxi-trips'.*which no resource of apps\/taxi-trips\/overlays\/dev\/pipeline is/,
      },
    },
    {
      name: "a patch file that does not exist: at the entry that names it",
      file: "apps/taxi-trips/overlays/dev/pipeline/kustomization.yaml",
      from: "path: names.yaml",
      to: "path: name.yaml",
      expect: {
        file: "apps/taxi-trips/overlays/dev/pipeline/kustomization.yaml",
        needle: "path: name.yaml",
        message: /patch file 'name.yaml' does not exist in apps\/taxi-trips\/overlays\/dev\/pipeline/,
      },
    },
    {
      name: "a base resource that does not exist: at the base's entry, not the overlay",
      file: "apps/taxi-trips/base/infra/kustomization.yaml",
      from: /^( *- )bucket\.yaml$/m,
      to: "$1buckets.yaml",
      expect: {
        file: "apps/taxi-trips/base/infra/kustomization.yaml",
        needle: "buckets.yaml",
        message: /'buckets.yaml' does not exist in apps\/taxi-trips\/base\/infra/,
      },
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const copy = copyRepository();
      try {
        copy.replace(c.file, c.from, c.to);
        copy.commit();
        const report = await validateRepository({ repoRoot: copy.dir, environments: ["dev"] });
        const all = report.findings.map((f) => `${f.rule} ${f.file}:${f.line} ${f.message}`).join("\n");
        assert.equal(report.findings.length, 1, `one cause, one finding:\n${all}`);
        const [hit] = report.findings;
        assert.equal(hit!.rule, "render/kustomize-failed");
        assert.equal(hit!.file, c.expect.file);
        assert.equal(hit!.line, copy.lineOf(c.expect.file, c.expect.needle));
        assert.match(hit!.message, c.expect.message);
        assert.ok(!all.includes(copy.dir), "no absolute paths");
        const skipped = report.skipped?.find((s) => s.environment === "dev");
        assert.ok(skipped && skipped.failed.length === 1, JSON.stringify(report.skipped));
      } finally {
        copy.remove();
      }
    });
  }
});

describe("links out of the repository", () => {
  test("a resource that links outside is refused at the line that declares it, and kustomize never reads it", async () => {
    const copy = copyRepository();
    const outside = mkdtempSync(path.join(tmpdir(), "edp-outside-"));
    try {
      writeFileSync(
        path.join(outside, "secret.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaked\n  namespace: taxi-trips\ndata:\n  token: s3cr3t\n",
      );
      const kustomization = "apps/taxi-trips/base/infra/kustomization.yaml";
      symlinkSync(
        path.join(outside, "secret.yaml"),
        path.join(copy.dir, "apps/taxi-trips/base/infra/leak.yaml"),
      );
      copy.replace(kustomization, "  - namespace.yaml\n", "  - namespace.yaml\n  - leak.yaml\n");
      copy.commit();
      const report = await validateRepository({ repoRoot: copy.dir, environments: ["dev"] });
      const found = report.findings.find((f) => f.rule === "render/link-outside-repository");
      assert.equal(found?.file, kustomization, JSON.stringify(report.findings));
      assert.equal(found?.line, copy.lineOf(kustomization, "leak.yaml"));
      assert.ok(!JSON.stringify(report).includes("s3cr3t"));
      assert.equal(report.ok, false);
    } finally {
      copy.remove();
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe("--changed-since", () => {
  test("environments no change affects are reported as not checked, and render time is never negative", async () => {
    const copy = copyRepository();
    try {
      copy.replace("apps/taxi-trips/overlays/dev/settings.env", /\n$/, "\n# a comment only dev reads\n");
      copy.commit();
      const report = await validateRepository({ repoRoot: copy.dir, changedSince: "HEAD~1" });
      assert.deepEqual(report.environments, ["dev", "prod", "staging"]);
      assert.deepEqual(report.notRendered, ["prod", "staging"]);
      assert.ok(report.stats.renderMs >= 0, String(report.stats.renderMs));
      const { renderText } = await import("../../src/report/validate/text.ts");
      const text = renderText(report, { color: false });
      assert.match(text, /^prod: not checked/m);
      assert.match(text, /^dev: ok$/m);
    } finally {
      copy.remove();
    }
  });
});
