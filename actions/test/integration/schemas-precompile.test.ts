// Precompiled (ajv standalone) validators must give exactly what run-time compilation gives,
// and must never be used for a schema file whose bytes changed after they were built.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { renderEnvironments } from "../../src/render/index.ts";
import { writePrecompiled } from "../../src/build/write-precompiled.ts";
import { loadSchemaRegistry, type PrecompiledSchemas } from "../../src/schemas/validator.ts";
import { REPO_ROOT } from "../helpers/repo-copy.ts";

const SCHEMAS = path.join(REPO_ROOT, "schemas");
// Under node_modules/.cache (like any build cache), so the modules resolve ajv's runtime files.
const cache = mkdtempSync(path.join(REPO_ROOT, "node_modules", ".cache-edp-precompile-test-"));
const scratch = mkdtempSync(path.join(REPO_ROOT, "node_modules", ".cache-edp-schemas-copy-"));
after(() => {
  rmSync(cache, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

let table: PrecompiledSchemas = {};
const loads: string[] = [];

/** The table with each load recorded, so a test can tell which validators came precompiled. */
function counted(source: PrecompiledSchemas): PrecompiledSchemas {
  return Object.fromEntries(
    Object.entries(source).map(([file, entry]) => [
      file,
      {
        sha256: entry.sha256,
        load: () => {
          loads.push(file);
          return entry.load();
        },
      },
    ]),
  );
}

/** Objects of every kind the repository renders, valid as rendered and broken in typical ways. */
async function corpus(): Promise<Record<string, unknown>[]> {
  const rendered = await renderEnvironments({ repoRoot: REPO_ROOT, environments: ["dev", "prod"] });
  const objects = rendered.environments.flatMap((e) => e.objects.map((o) => o.object));
  const broken = objects.flatMap((o) => {
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    const [firstKey] = Object.keys(spec);
    return [
      { ...o, spec: { ...spec, nmae: "typo" } },
      { ...o, spec: firstKey ? { ...spec, [firstKey]: { unexpected: [1, 2] } } : 7 },
      { ...o, metadata: { name: 42, labels: { ok: "x", bad: 1 } } },
      { ...o, spec: undefined, status: "nope" },
    ];
  });
  return [...objects, ...broken];
}

before(async () => {
  const index = writePrecompiled(SCHEMAS, cache);
  const generated = (await import(pathToFileURL(index).href)) as { PRECOMPILED_SCHEMAS: PrecompiledSchemas };
  table = counted(generated.PRECOMPILED_SCHEMAS);
});

describe("precompiled schema validators", () => {
  test("one module per schema file, each recording the schema's SHA-256", () => {
    const files = Object.keys(table);
    assert.ok(files.length >= 30, `only ${files.length} modules`);
    assert.ok(files.includes("s3.services.k8s.aws/bucket_v1alpha1.json"));
  });

  test("give the same result, violations and hints included, as compiling at run time", async () => {
    const objects = await corpus();
    const compiled = loadSchemaRegistry(SCHEMAS, {});
    const precompiled = loadSchemaRegistry(SCHEMAS, table);
    loads.length = 0;
    for (const o of objects) await precompiled.prepare(String(o.apiVersion), String(o.kind));
    assert.ok(loads.length >= 8, `precompiled validators loaded: ${loads.join(", ")}`);
    let invalid = 0;
    for (const o of objects) {
      const expected = compiled.validate(o);
      if (expected.status === "invalid") invalid++;
      assert.deepEqual(
        precompiled.validate(o),
        expected,
        `${String(o.kind)} ${JSON.stringify(o).slice(0, 120)}`,
      );
    }
    assert.ok(invalid >= objects.length / 2, `the corpus must exercise errors (${invalid} invalid)`);
  });

  test("a schema file changed after the build is compiled from its new bytes, not taken precompiled", async () => {
    cpSync(SCHEMAS, scratch, { recursive: true });
    const file = "s3.services.k8s.aws/bucket_v1alpha1.json";
    const schema = JSON.parse(readFileSync(path.join(scratch, file), "utf8")) as {
      properties: { spec: { properties: Record<string, unknown> } };
    };
    delete schema.properties.spec.properties.tagging;
    writeFileSync(path.join(scratch, file), JSON.stringify(schema));
    const registry = loadSchemaRegistry(scratch, table);
    loads.length = 0;
    await registry.prepare("s3.services.k8s.aws/v1alpha1", "Bucket");
    assert.deepEqual(loads, []);
    const result = registry.validate({
      apiVersion: "s3.services.k8s.aws/v1alpha1",
      kind: "Bucket",
      metadata: { name: "b" },
      spec: { name: "b", tagging: { tagSet: [] } },
    });
    assert.equal(result.status, "invalid", "the old schema allowed spec.tagging; the new one does not");
  });

  test("a module that fails to load falls back to compiling", async () => {
    const file = "s3.services.k8s.aws/bucket_v1alpha1.json";
    const failing: PrecompiledSchemas = {
      [file]: { sha256: table[file]!.sha256, load: () => Promise.reject(new Error("missing chunk")) },
    };
    const registry = loadSchemaRegistry(SCHEMAS, failing);
    await registry.prepare("s3.services.k8s.aws/v1alpha1", "Bucket");
    const result = registry.validate({
      apiVersion: "s3.services.k8s.aws/v1alpha1",
      kind: "Bucket",
      metadata: { name: "b" },
      spec: { name: "b", nmae: "typo" },
    });
    assert.equal(result.status, "invalid");
  });
});
