/** The renderer's harder corners, on small repositories each test writes. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { renderEnvironments } from "../../src/render/index.ts";
import { parseSource, readDocumentsWithoutPositions } from "../../src/render/yaml-source.ts";

function repo(files: Record<string, string>): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "edp-render-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const VARIABLES = "variables: {}\n";
const flux = (name: string, p: string, extra = "") =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${p}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}---\n`;
const cm = (name: string, data: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\ndata:\n${data}`;

describe("render", () => {
  test("Kustomizations sharing a base file are rendered one by one, each object attributed to its own", async () => {
    const r = repo({
      "clusters/variables.yaml": VARIABLES,
      "clusters/dev/flux.yaml": flux("one", "./apps/one") + flux("two", "./apps/two"),
      "apps/shared/kustomization.yaml": "resources:\n  - cm.yaml\n",
      "apps/shared/cm.yaml": cm("shared", "  a: b\n"),
      "apps/one/kustomization.yaml": "resources:\n  - ../shared\nnamePrefix: one-\n",
      "apps/two/kustomization.yaml": "resources:\n  - ../shared\nnamePrefix: two-\n",
    });
    try {
      const { environments, problems, stats } = await renderEnvironments({ repoRoot: r.dir });
      assert.deepEqual(problems, []);
      const objects = environments[0]!.objects.filter((o) => o.kind === "ConfigMap");
      assert.deepEqual(objects.map((o) => `${o.kustomization}:${o.name}`).sort(), [
        "one:one-shared",
        "two:two-shared",
      ]);
      assert.equal(stats.kustomizeRuns, 2, "the shared file forbids one combined build");
      assert.deepEqual(objects[0]!.locate(["data", "a"]), {
        file: "apps/shared/cm.yaml",
        line: 7,
        column: 3,
      });
    } finally {
      r.remove();
    }
  });

  test("independent Kustomizations share one kustomize process", async () => {
    const r = repo({
      "clusters/variables.yaml": VARIABLES,
      "clusters/dev/flux.yaml": flux("one", "./apps/one") + flux("two", "./apps/two"),
      "apps/one/kustomization.yaml": "resources:\n  - cm.yaml\n",
      "apps/one/cm.yaml": cm("one", "  a: b\n"),
      "apps/two/kustomization.yaml": "resources:\n  - cm.yaml\n",
      "apps/two/cm.yaml": cm("two", "  c: d\n"),
    });
    try {
      const { environments, stats } = await renderEnvironments({ repoRoot: r.dir });
      assert.equal(stats.kustomizeRuns, 1);
      const objects = environments[0]!.objects.filter((o) => o.kind === "ConfigMap");
      assert.deepEqual(objects.map((o) => `${o.kustomization}:${o.name}:${o.origin}`).sort(), [
        "one:one:apps/one/cm.yaml",
        "two:two:apps/two/cm.yaml",
      ]);
    } finally {
      r.remove();
    }
  });

  test("replacements that copy from each other do not send the locator round in circles", async () => {
    const r = repo({
      "clusters/variables.yaml": VARIABLES,
      "clusters/dev/flux.yaml": flux("app", "./apps/app"),
      "apps/app/kustomization.yaml": [
        "resources:\n  - a.yaml\n  - b.yaml\n",
        "replacements:\n",
        "  - source: {kind: ConfigMap, name: a, fieldPath: data.x}\n    targets: [{select: {kind: ConfigMap, name: b}, fieldPaths: [data.y]}]\n",
        "  - source: {kind: ConfigMap, name: b, fieldPath: data.y}\n    targets: [{select: {kind: ConfigMap, name: a}, fieldPaths: [data.x]}]\n",
      ].join(""),
      "apps/app/a.yaml": cm("a", "  x: one\n"),
      "apps/app/b.yaml": cm("b", "  y: two\n"),
    });
    try {
      const { environments } = await renderEnvironments({ repoRoot: r.dir });
      const a = environments[0]!.objects.find((o) => o.name === "a")!;
      const where = a.locate(["data", "x"]);
      assert.ok(where.file.startsWith("apps/app/"), JSON.stringify(where));
    } finally {
      r.remove();
    }
  });

  test("strict substitution: defaults, escapes and the opt-out annotation", async () => {
    const r = repo({
      "clusters/variables.yaml":
        "variables:\n  GREETING:\n    description: d\n    provider: terraform\n    example: hello\n",
      "clusters/dev/flux.yaml": flux(
        "app",
        "./apps/app",
        "  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-vars\n",
      ),
      "apps/app/kustomization.yaml": "resources:\n  - cm.yaml\n",
      "apps/app/cm.yaml":
        cm(
          "subst",
          '  a: "${GREETING}"\n  b: "${MISSING:=fallback}"\n  c: "$${GREETING}"\n  d: "$GREETING"\n',
        ) +
        "---\n" +
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: raw\n  namespace: default\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\ndata:\n  a: "${NOPE}"\n',
    });
    try {
      const { environments, problems } = await renderEnvironments({ repoRoot: r.dir });
      assert.deepEqual(problems, []);
      const data = (name: string) => environments[0]!.objects.find((o) => o.name === name)!.object.data;
      assert.deepEqual(data("subst"), { a: "hello", b: "fallback", c: "${GREETING}", d: "$GREETING" });
      assert.deepEqual(data("raw"), { a: "${NOPE}" });
    } finally {
      r.remove();
    }
  });

  test("the fast document reader numbers documents exactly as the positioned parser does", () => {
    const cases = [
      "a: 1\n",
      "---\na: 1\n---\nb: 2\n",
      "# header comment\n---\na: 1\n",
      "a: 1\n---\n",
      "a: 1\n---\n---\nb: 2\n",
      "--- # marker with a comment\na: 1\n---\nb: |\n  ---\n  not a marker\n",
    ];
    const dir = mkdtempSync(path.join(tmpdir(), "edp-fast-"));
    try {
      for (const text of cases) {
        writeFileSync(path.join(dir, "f.yaml"), text);
        const fast = readDocumentsWithoutPositions(dir, "f.yaml");
        const slow = parseSource("f.yaml", text).documents;
        assert.ok(fast, JSON.stringify(text));
        assert.deepEqual(
          fast.map((d) => [d.index, d.value]),
          slow.map((d) => [d.index, d.value]),
          JSON.stringify(text),
        );
      }
      for (const bad of ["a: 1\na: 2\n", "a:\n\tb: 1\n", "a: 1\n...\n"]) {
        writeFileSync(path.join(dir, "f.yaml"), bad);
        assert.equal(
          readDocumentsWithoutPositions(dir, "f.yaml"),
          null,
          `${JSON.stringify(bad)} must take the positioned path`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
