// asl-validator's schema compiled ahead of time (what the bundles carry) must give the package's
// errors, like the run-time compiled one, without building an Ajv instance.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { aslAjvInstancesCreated, prepareAslValidator, validateAslDefinition } from "../../src/asl/index.ts";
import { precompileAsl } from "../../src/build/precompile-asl.ts";
import { DEFINITIONS } from "../helpers/asl-definitions.ts";
import { REPO_ROOT } from "../helpers/repo-copy.ts";

type PackageValidator = (definition: unknown) => { isValid: boolean; errors: unknown[] };
const packageValidator = createRequire(import.meta.url)("asl-validator") as PackageValidator;

// Under node_modules (like the build's cache), where the module resolves ajv's runtime files.
const dir = mkdtempSync(path.join(REPO_ROOT, "node_modules", ".cache-edp-asl-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("precompiled asl-validator schema", () => {
  it("replaces compilation and gives the package's errors for every definition in the parity set", async () => {
    const file = path.join(dir, "asl-state-machine.mjs");
    writeFileSync(file, precompileAsl());
    let loaded = 0;
    await prepareAslValidator({
      load: () => {
        loaded++;
        return import(pathToFileURL(file).href) as Promise<{ default: unknown }>;
      },
    });
    assert.equal(loaded, 1);
    let invalid = 0;
    for (const [name, definition] of Object.entries(DEFINITIONS)) {
      const expected = packageValidator(structuredClone(definition)).errors;
      if (expected.length > 0) invalid++;
      assert.deepEqual(validateAslDefinition(definition), expected, name);
    }
    assert.ok(invalid >= 12, `only ${invalid} invalid definitions`);
    assert.equal(aslAjvInstancesCreated(), 0, "no Ajv instance was built: the precompiled code did the work");
  });
});
