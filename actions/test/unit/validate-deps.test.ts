/**
 * The check takes its process runner and Git as dependencies: with a kustomize runner and a
 * listing passed in, `validateRepository` starts no process (PATH is empty here) and still
 * reports rule findings at their source lines.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import type { RepositoryListing } from "../../src/pipeline/index.ts";
import type { KustomizeRunner } from "../../src/render/kustomize.ts";
import { validateRepository } from "../../src/validate/index.ts";

const schemasDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "schemas");

const FILES: Record<string, string> = {
  "clusters/dev/flux.yaml": `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m
  url: https://example.invalid/repo.git
  ref:
    branch: main
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: demo
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps/demo
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`,
  "apps/demo/kustomization.yaml": "resources:\n  - bucket.yaml\n  - rule.yaml\n",
  "apps/demo/pipeline.yaml": "sources:\n  - dir: scripts\n    prefix: scripts/\n",
  "apps/demo/scripts/job.py": 'if __name__ == "__main__":\n    print("run")\n',
  "apps/demo/bucket.yaml": `apiVersion: s3.services.k8s.aws/v1alpha1
kind: Bucket
metadata:
  name: demo
  namespace: demo
spec:
  name: edp-demo-dev
`,
  "apps/demo/rule.yaml": `apiVersion: eventbridge.services.k8s.aws/v1alpha1
kind: Rule
metadata:
  name: demo
  namespace: demo
spec:
  name: demo-dev
  state: DISABLED
  eventPattern: '{"source":["aws.s3"],"detail-type":["Object Created"],"detail":{"bucket":{"name":["edp-demo-dev"]},"object":{"key":[{"prefix":"jobs/"}]}}}'
`,
  "clusters/variables.yaml": "variables: {}\n",
};

/** kustomize's output for apps/demo: the two objects with origin annotations relative to `wrapper`. */
function renderedDemo(repoRoot: string): string {
  return ["bucket.yaml", "rule.yaml"]
    .map((file) => {
      const text = FILES[`apps/demo/${file}`]!;
      return text.replace(
        /^metadata:\n/m,
        `metadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: ${path.relative(repoRoot, path.join(repoRoot, "apps/demo", file))}\n`,
      );
    })
    .join("---\n");
}

describe("validateRepository with its processes passed in", () => {
  let repoRoot: string;
  const savedPath = process.env.PATH;
  before(() => {
    repoRoot = mkdtempSync(path.join(tmpdir(), "edp-deps-"));
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(repoRoot, file)), { recursive: true });
      writeFileSync(path.join(repoRoot, file), text);
    }
    process.env.PATH = ""; // any kubectl or git process would fail
  });
  after(() => {
    process.env.PATH = savedPath;
    rmSync(repoRoot, { recursive: true, force: true });
  });

  it("renders through the runner, lists through the listing, and reports at the source line", async () => {
    const rendered: string[][] = [];
    const kustomize: KustomizeRunner = async (dirs) => {
      rendered.push(dirs.map((d) => d.displayName));
      return { ok: true, wrapper: repoRoot, stdout: renderedDemo(repoRoot), stderr: "", ms: 1 };
    };
    const listed: string[][] = [];
    const listing: RepositoryListing = {
      forDirs: async (dirs) => {
        listed.push([...dirs]);
        return ["100644 0123456789012345678901234567890123456789 0\tapps/demo/scripts/job.py\0", ""];
      },
    };
    const report = await validateRepository({ repoRoot, schemasDir }, { kustomize, listing });
    assert.deepEqual(rendered, [["apps/demo"]]);
    assert.deepEqual(listed, [["apps/demo/scripts"]]);
    const rules = report.findings.map((f) => `${f.rule} ${f.file}:${f.line}`);
    // The rule is disabled, and its prefix jobs/ misses the entry point synced to scripts/job.py.
    assert.ok(rules.includes("wiring/rule-disabled apps/demo/rule.yaml:8"), rules.join("\n"));
    assert.ok(
      report.findings.some(
        (f) =>
          f.rule === "eventpattern/no-trigger" &&
          f.file === "apps/demo/rule.yaml" &&
          /scripts\/job\.py/.test(f.message),
      ),
      rules.join("\n"),
    );
    assert.ok(!report.findings.some((f) => f.rule === "render/kustomize-failed"), rules.join("\n"));
  });

  it("checks an environment asked for twice once (--env dev,dev)", async () => {
    let runs = 0;
    const kustomize: KustomizeRunner = async () => {
      runs++;
      return { ok: true, wrapper: repoRoot, stdout: renderedDemo(repoRoot), stderr: "", ms: 1 };
    };
    const listing: RepositoryListing = { forDirs: async () => ["", ""] };
    const report = await validateRepository(
      { repoRoot, schemasDir, environments: ["dev", "dev"] },
      { kustomize, listing },
    );
    assert.deepEqual(report.environments, ["dev"]);
    assert.equal(runs, 1);
    assert.ok(
      !report.findings.some((f) => f.rule === "wiring/duplicate-aws-name"),
      JSON.stringify(report.findings),
    );
  });

  it("reports a failing runner's error at the Kustomization, without a process", async () => {
    const kustomize: KustomizeRunner = async () => ({
      ok: false,
      wrapper: repoRoot,
      stdout: "",
      stderr: "accumulating resources: missing.yaml: no such file",
      ms: 1,
    });
    const listing: RepositoryListing = { forDirs: async () => ["", ""] };
    const report = await validateRepository({ repoRoot, schemasDir }, { kustomize, listing });
    const failed = report.findings.find((f) => f.rule === "render/kustomize-failed");
    assert.equal(failed?.environment, "dev");
    assert.match(failed?.message ?? "", /missing\.yaml/);
  });
});
