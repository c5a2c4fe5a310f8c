import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli.ts";
import { createSchemasCommand } from "../../src/commands/schemas.ts";
import type { CliIO } from "../../src/commands/types.ts";
import { gitBlobId, type Fetcher } from "../../src/schemas/fetch-release.ts";
import { generateSchemas } from "../../src/schemas/generate.ts";
import type { Provenance } from "../../src/schemas/provenance.ts";
import { PINNED_SOURCES, rawUrl } from "../../src/schemas/sources.ts";
import { findRepoRoot } from "../../src/schemas/repo-root.ts";
import { readSourcesMd } from "../../src/schemas/sources-md.ts";
import { loadSchemaRegistry } from "../../src/schemas/validator.ts";
import { ACK_KIND_MAPPINGS } from "../../src/schemas/aws-constraints/ack-mapping.ts";
import { readServiceModels } from "../../src/schemas/aws-constraints/model.ts";
import type { ConstraintProvenance } from "../../src/schemas/aws-constraints/generate.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const sharedCrds = path.resolve(repo, "..", "shared", "crds");
const sharedAwsModels = path.resolve(repo, "..", "shared", "aws-models");
const committed = path.join(repo, "schemas");
const scratch = mkdtempSync(path.join(tmpdir(), "edp-schemas-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function tempDir(): string {
  const dir = path.join(scratch, `case-${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
}

/** Every file below `dir`, relative POSIX path → bytes. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else files.set(child, readFileSync(path.join(dir, child), "utf8"));
    }
  };
  walk("");
  return files;
}

function fakeIO(cwd: string): CliIO & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        append(chunk.toString());
        done();
      },
    });
  return {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    readStdin: async () => "",
    cwd,
    env: {},
    out: () => out,
    err: () => err,
  };
}

const WIDGET_CRD = `# A CRD written for these tests: one of each construct the generator converts.
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.io
spec:
  group: example.io
  names:
    kind: Widget
    plural: widgets
  scope: Namespaced
  versions:
  - name: v1beta1
    served: false
    storage: false
    schema:
      openAPIV3Schema:
        type: object
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          apiVersion:
            type: string
          kind:
            type: string
          metadata:
            type: object
          spec:
            type: object
            required: [name, replicas]
            properties:
              name:
                type: string
              replicas:
                type: integer
                default: 1
              mode:
                type: string
                enum: [Fast, Slow]
              size:
                anyOf:
                - type: integer
                - type: string
                x-kubernetes-int-or-string: true
              legacyPort:
                type: string
                format: int-or-string
              maxUnavailable:
                anyOf:
                - type: integer
                - type: string
                  pattern: "^[0-9]+%$"
                x-kubernetes-int-or-string: true
              retry:
                type: object
                properties:
                  attempts:
                    type: integer
                    format: int64
              labels:
                type: object
                additionalProperties:
                  type: string
              values:
                type: object
                x-kubernetes-preserve-unknown-fields: true
                properties:
                  known:
                    type: object
                    properties:
                      a:
                        type: string
              items:
                type: array
                items:
                  type: object
                  properties:
                    id:
                      type: string
`;

const CORE_NAMESPACE = JSON.stringify({
  type: "object",
  required: ["apiVersion", "kind"],
  additionalProperties: false,
  properties: {
    apiVersion: { type: "string" },
    kind: { type: "string" },
    metadata: {
      type: ["object", "null"],
      additionalProperties: false,
      properties: {
        name: { type: ["string", "null"] },
        labels: { type: ["object", "null"], additionalProperties: { type: "string" } },
      },
    },
  },
});

function widgetInput(): string {
  // Named like shared/crds: SOURCES.md lists files as "crds/…".
  const from = path.join(tempDir(), "crds");
  writeFiles(from, {
    "example.io/example.io_widgets.yaml": WIDGET_CRD,
    "example.io/kustomization.yaml": "resources:\n  - example.io_widgets.yaml\n",
    "example.io/README.md": "not read\n",
    "_removed-upstream/example.io/example.io_gadgets.yaml": "this: [is not even valid yaml\n",
    "k8s-core/namespace-v1.json": CORE_NAMESPACE,
    "SOURCES.md": [
      "| file | upstream repo | upstream path | commit | version / tag |",
      "|---|---|---|---|---|",
      "| `crds/example.io/example.io_widgets.yaml` | github.com/example/widget-controller | `config/crd/widgets.yaml` | `0123456789ab` | v1.2.3 |",
      "",
      "Full commit: 0123456789abcdef0123456789abcdef01234567",
      "",
    ].join("\n"),
  });
  return from;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
}

type Node = Record<string, Record<string, unknown>>;

describe("edp schemas: committed output", () => {
  test("schemas/ is current: regenerating from ../shared/crds gives the same bytes", (t) => {
    if (!existsSync(sharedCrds) || !existsSync(sharedAwsModels))
      return t.skip(`${sharedCrds} or ${sharedAwsModels} not present`);
    const out = path.join(tempDir(), "schemas");
    const awsModels = readServiceModels(
      sharedAwsModels,
      ACK_KIND_MAPPINGS.map((m) => m.model),
    );
    generateSchemas({ from: sharedCrds, out, upstream: readSourcesMd(sharedCrds), awsModels });
    const expected = snapshot(committed);
    const actual = snapshot(out);
    assert.deepEqual(
      [...actual.keys()].sort(),
      [...expected.keys()].sort(),
      "file set differs: run 'npm run schemas'",
    );
    for (const [file, text] of actual)
      assert.equal(text, expected.get(file), `${file} is stale: run 'npm run schemas'`);
  });

  test("PROVENANCE.json records source, upstream and both hashes for every file", () => {
    const provenance = readJson(path.join(committed, "PROVENANCE.json")) as unknown as Provenance;
    const files = new Map([...snapshot(committed)].filter(([file]) => !file.startsWith("aws-constraints/")));
    assert.equal(Object.keys(provenance.files).length, files.size - 1);
    for (const [file, entry] of Object.entries(provenance.files)) {
      const text = files.get(file);
      assert.ok(text, `${file} listed but missing`);
      assert.equal(entry.sha256, createHash("sha256").update(text).digest("hex"), file);
      assert.match(entry.sourceSha256, /^[0-9a-f]{64}$/);
      assert.match(entry.origin ?? "", /^https:\/\/github\.com\/.+\/blob\/[0-9a-f]{40}\//, file);
      assert.ok(entry.apiVersion && entry.kind, file);
    }
    const bucket = provenance.files["s3.services.k8s.aws/bucket_v1alpha1.json"]!;
    assert.equal(bucket.source, "s3.services.k8s.aws/s3.services.k8s.aws_buckets.yaml");
    assert.equal(bucket.version, "HEAD == v1.10.0");
    assert.ok(
      !readFileSync(path.join(committed, "PROVENANCE.json"), "utf8").match(/20\d\d-\d\d-\d\dT/),
      "no timestamps",
    );
  });

  test("the pinned release list matches the local CRD copies byte for byte", (t) => {
    if (!existsSync(sharedCrds)) return t.skip(`${sharedCrds} not present`);
    for (const source of PINNED_SOURCES) {
      const local = readFileSync(path.join(sharedCrds, source.file));
      assert.ok(gitBlobId(local).startsWith(source.gitBlob), `${source.file}: pin ${source.gitBlob}`);
    }
  });
});

describe("edp schemas: AWS API constraints (schemas/aws-constraints/)", () => {
  const constraints = (file: string) =>
    readJson(path.join(committed, "aws-constraints", file)) as { properties: { spec: Node } };
  const spec = (file: string) => constraints(file).properties.spec.properties as unknown as Node;

  test("the Rule's constraints are EventBridge's: state enum, retry range, name length and pattern", () => {
    const rule = spec("eventbridge.services.k8s.aws/rule_v1alpha1.json");
    assert.deepEqual(rule.state!.enum, [
      "ENABLED",
      "DISABLED",
      "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
    ]);
    assert.equal(rule.name!.maxLength, 64);
    assert.equal(rule.name!.minLength, 1);
    assert.equal(rule.name!.pattern, "^(?:[\\.\\-_A-Za-z0-9]+)$");
    const target = (rule.targets!.items as Node).properties as unknown as Node;
    const retry = (target.retryPolicy as Node).properties as unknown as Node;
    assert.equal(retry.maximumRetryAttempts!.maximum, 185);
    assert.equal(retry.maximumRetryAttempts!.minimum, 0);
    assert.equal(retry.maximumEventAgeInSeconds!.minimum, 60);
    assert.equal(retry.maximumEventAgeInSeconds!.maximum, 86400);
  });

  test("every spec field of the kinds the pipelines declare maps to a model member, every pattern compiles", () => {
    const provenance = readJson(
      path.join(committed, "aws-constraints", "PROVENANCE.json"),
    ) as unknown as ConstraintProvenance;
    for (const kind of ["rule", "statemachine", "bucket", "virtualcluster"]) {
      const [file, entry] = Object.entries(provenance.files).find(([f]) =>
        f.endsWith(`/${kind}_v1alpha1.json`),
      )!;
      assert.deepEqual(entry.unmapped, [], `${file}: unmapped spec fields`);
    }
    for (const [file, entry] of Object.entries(provenance.files))
      assert.deepEqual(entry.skippedPatterns, [], `${file}: model patterns left out`);
    assert.equal(provenance.models["events.json"]!.release, "botocore 1.43.11");
    assert.equal(provenance.models["events.json"]!.apiVersion, "2015-10-07");
  });

  test("a missing models folder is a clear error, and nothing is written", (t) => {
    if (!existsSync(sharedCrds)) return t.skip(`${sharedCrds} not present`);
    const out = path.join(tempDir(), "schemas");
    const io = fakeIO(repo);
    return main(
      ["schemas", "--from", sharedCrds, "--aws-models", path.join(out, "nowhere"), "--out", out],
      io,
    ).then((code) => {
      assert.equal(code, 2);
      assert.match(io.err(), /AWS model .*nowhere.*events\.json not found; pass --aws-models DIR/);
      assert.ok(!existsSync(out));
    });
  });
});

describe("edp schemas: transforms", () => {
  const from = widgetInput();
  const out = path.join(tempDir(), "schemas");
  const result = generateSchemas({ from, out, upstream: readSourcesMd(from) });
  const schema = readJson(path.join(out, "example.io/widget_v1.json"));
  const spec = (schema.properties as Node).spec as Record<string, unknown>;
  const props = spec.properties as Node;

  test("kubeconform layout, served versions only, non-CRD and _-prefixed files skipped", () => {
    assert.deepEqual([...snapshot(out).keys()].sort(), [
      "PROVENANCE.json",
      "example.io/widget_v1.json",
      "namespace-v1.json",
    ]);
    assert.deepEqual(result, { out, crdSchemas: 1, coreSchemas: 1 });
  });

  test("additionalProperties: false on objects with properties, root included", () => {
    assert.equal(schema.additionalProperties, false);
    assert.equal(spec.additionalProperties, false);
    assert.equal(props.retry!.additionalProperties, false);
    assert.equal((props.items!.items as Record<string, unknown>).additionalProperties, false);
    assert.deepEqual(props.labels!.additionalProperties, { type: ["string", "null"] }, "maps stay maps");
  });

  test("x-kubernetes-preserve-unknown-fields subtrees stay open", () => {
    const values = props.values!;
    assert.equal(values.additionalProperties, undefined);
    assert.equal((values.properties as Node).known!.additionalProperties, undefined);
    assert.equal(values["x-kubernetes-preserve-unknown-fields"], true, "x-kubernetes-* keywords are kept");
  });

  test("int-or-string becomes string-or-integer", () => {
    assert.deepEqual(props.size!.type, ["string", "integer", "null"]);
    assert.equal(props.size!.anyOf, undefined);
    assert.deepEqual(props.legacyPort!.type, ["string", "integer", "null"]);
    assert.equal(props.legacyPort!.format, undefined);
    // Branches with their own constraints stay; null bypasses them.
    assert.deepEqual(props.maxUnavailable!.anyOf, [
      { type: "null" },
      { anyOf: [{ type: "integer" }, { type: "string", pattern: "^[0-9]+%$" }] },
    ]);
  });

  test("optional fields and fields with a default accept null, required ones do not", () => {
    assert.equal(props.name!.type, "string");
    assert.deepEqual(props.replicas!.type, ["integer", "null"]);
    assert.deepEqual(props.mode!.type, ["string", "null"]);
    assert.deepEqual(props.mode!.enum, ["Fast", "Slow", null]);
  });

  test("apiVersion and kind pinned by enum; open metadata replaced by the core ObjectMeta", () => {
    const root = schema.properties as Node;
    assert.deepEqual(root.apiVersion, { type: "string", enum: ["example.io/v1"] });
    assert.deepEqual(root.kind, { type: "string", enum: ["Widget"] });
    assert.deepEqual(schema.required, ["apiVersion", "kind"]);
    assert.deepEqual(Object.keys(root.metadata!.properties as object), ["labels", "name"]);
    const core = readJson(path.join(out, "namespace-v1.json"));
    assert.deepEqual((core.properties as Node).kind, { type: "string", enum: ["Namespace"] });
  });

  test("the generated schema behaves: unknown fields rejected, nulls and int-or-string accepted", () => {
    const registry = loadSchemaRegistry(out);
    const widget = (spec: Record<string, unknown>) => ({
      apiVersion: "example.io/v1",
      kind: "Widget",
      metadata: { name: "w" },
      spec,
    });
    assert.deepEqual(
      registry.validate(widget({ name: "a", replicas: null, mode: null, size: "50%", legacyPort: 8080 })),
      { status: "valid" },
    );
    assert.deepEqual(
      registry.validate(widget({ name: "a", replicas: 1, values: { anything: { goes: [1] } } })),
      { status: "valid" },
    );
    for (const maxUnavailable of [null, 1, "25%"]) {
      assert.deepEqual(registry.validate(widget({ name: "a", replicas: 1, maxUnavailable })), {
        status: "valid",
      });
    }
    const bad = registry.validate(
      widget({ name: null, replicas: 1, size: true, retry: { atempts: 3 }, maxUnavailable: "half" }),
    );
    assert.equal(bad.status, "invalid");
    const messages = bad.status === "invalid" ? bad.violations.map((v) => v.message) : [];
    assert.equal(messages.length, 4, messages.join("\n"));
    assert.ok(
      messages.includes("spec.maxUnavailable: 'half' does not match the pattern ^[0-9]+%$"),
      messages.join("\n"),
    );
    assert.ok(messages.includes("spec.name: has no value; expected string"), messages.join("\n"));
    assert.ok(
      messages.includes("spec.size: expected string or integer, got boolean true"),
      messages.join("\n"),
    );
    assert.ok(
      messages.includes("unknown field 'atempts' in spec.retry; did you mean 'attempts'?"),
      messages.join("\n"),
    );
  });

  test("PROVENANCE.json: upstream from SOURCES.md, full commit, hashes, generator version", () => {
    const provenance = readJson(path.join(out, "PROVENANCE.json")) as unknown as Provenance;
    const entry = provenance.files["example.io/widget_v1.json"]!;
    assert.equal(entry.source, "example.io/example.io_widgets.yaml");
    assert.equal(
      entry.origin,
      "https://github.com/example/widget-controller/blob/0123456789abcdef0123456789abcdef01234567/config/crd/widgets.yaml",
    );
    assert.equal(entry.version, "v1.2.3");
    assert.equal(entry.metadataSource, "k8s-core/namespace-v1.json");
    assert.equal(entry.sourceSha256, createHash("sha256").update(WIDGET_CRD).digest("hex"));
    const core = provenance.files["namespace-v1.json"]!;
    assert.equal(core.origin, null);
    assert.equal(core.version, null);
    assert.match(provenance.generator.version, /^\d+\.\d+\.\d+$/);
  });

  test("deterministic: a second run writes the same bytes", () => {
    const again = path.join(tempDir(), "schemas");
    generateSchemas({ from, out: again, upstream: readSourcesMd(from) });
    assert.deepEqual(snapshot(again), snapshot(out));
  });
});

describe("edp schemas: bad input through the CLI", () => {
  /** Runs `edp schemas --from <from> --out <out>` over an existing output that must survive. */
  async function runOnBadInput(files: Record<string, string> | null) {
    const from = path.join(tempDir(), "crds");
    if (files) writeFiles(from, files);
    const parent = tempDir();
    const out = path.join(parent, "schemas");
    writeFiles(out, { "keep-me.json": "{}\n" });
    const io = fakeIO(repo);
    const code = await main(["schemas", "--from", from, "--out", out], io);
    assert.deepEqual(snapshot(out), new Map([["keep-me.json", "{}\n"]]), "old output untouched");
    assert.deepEqual(readdirSync(parent), ["schemas"], "no staging folder left behind");
    assert.equal(io.out(), "");
    assert.equal(io.err().trimEnd().split("\n").length, 1, `one line: ${io.err()}`);
    return { code, err: io.err(), from };
  }

  test("missing --from folder", async () => {
    const { code, err, from } = await runOnBadInput(null);
    assert.equal(code, 2);
    assert.ok(err.includes(`CRD folder ${from} does not exist`), err);
    assert.match(err, /--from DIR/);
  });

  test("malformed YAML names file and line", async () => {
    const { code, err } = await runOnBadInput({
      "example.io/example.io_widgets.yaml": WIDGET_CRD,
      "example.io/example.io_broken.yaml":
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  group: x\n   names: {}\n",
    });
    assert.equal(code, 2);
    assert.match(err, /example\.io\/example\.io_broken\.yaml:4:10: invalid YAML \(Nested mappings/);
  });

  test("CRD version without openAPIV3Schema names file, line and version", async () => {
    const noSchema = WIDGET_CRD.replace(
      "    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:",
      "    storage: true\n    notASchema:\n      openAPIV3Schema:\n        type: object\n        properties:",
    );
    assert.notEqual(noSchema, WIDGET_CRD);
    const { code, err } = await runOnBadInput({ "example.io/example.io_widgets.yaml": noSchema });
    assert.equal(code, 2);
    assert.match(
      err,
      /example\.io\/example\.io_widgets\.yaml:19: CustomResourceDefinition widgets\.example\.io version v1 has no openAPIV3Schema/,
    );
  });

  test("two files defining the same kind and version", async () => {
    const { code, err } = await runOnBadInput({
      "example.io/a.yaml": WIDGET_CRD,
      "example.io/b.yaml": WIDGET_CRD,
    });
    assert.equal(code, 2);
    assert.match(err, /both define example\.io\/widget_v1\.json/);
  });

  test("defaults are found from the repository root, also from inside the actions workspace", () => {
    assert.equal(findRepoRoot(path.join(repo, "actions", "src")), repo);
    const plain = tempDir();
    writeFiles(plain, { "package.json": "{}", "sub/dir/.keep": "" });
    assert.equal(findRepoRoot(path.join(plain, "sub", "dir")), plain);
  });

  test("--from with --from-release is a usage error", async () => {
    const io = fakeIO(repo);
    assert.equal(await main(["schemas", "--from", "x", "--from-release"], io), 2);
    assert.match(io.err(), /exclude each other/);
  });

  test("success replaces the old output and says what it wrote", async () => {
    const from = widgetInput();
    const out = path.join(tempDir(), "schemas");
    writeFiles(out, { "stale.json": "{}\n" });
    const io = fakeIO(repo);
    assert.equal(await main(["schemas", "--from", from, "--out", out], io), 0, io.err());
    assert.match(io.out(), /wrote 1 CRD and 1 core schemas/);
    assert.ok(!existsSync(path.join(out, "stale.json")));
    assert.ok(existsSync(path.join(out, "example.io/widget_v1.json")));
  });
});

describe("edp schemas --from-release", () => {
  test("downloads every pinned file and reproduces the committed schemas", async (t) => {
    if (!existsSync(sharedCrds)) return t.skip(`${sharedCrds} not present`);
    const requested: string[] = [];
    const fetcher: Fetcher = async (url) => {
      requested.push(url);
      const source = PINNED_SOURCES.find((s) => rawUrl(s) === url);
      return source
        ? new Response(readFileSync(path.join(sharedCrds, source.file)))
        : new Response("nope", { status: 404 });
    };
    const out = path.join(tempDir(), "schemas");
    const io = fakeIO(repo);
    assert.equal(await createSchemasCommand(fetcher).run(["--from-release", "--out", out], io), 0, io.err());
    assert.equal(requested.length, PINNED_SOURCES.length);
    assert.ok(
      requested.every((u) => /^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[0-9a-f]{40}\//.test(u)),
    );
    assert.deepEqual(snapshot(out), snapshot(committed));
  });

  test("offline: one clear line, nothing written", async () => {
    const fetcher: Fetcher = async () => {
      throw new TypeError("fetch failed", {
        cause: new Error("getaddrinfo ENOTFOUND raw.githubusercontent.com"),
      });
    };
    const out = path.join(tempDir(), "schemas");
    const io = fakeIO(repo);
    await assert.rejects(
      createSchemasCommand(fetcher).run(["--from-release", "--out", out], io),
      (error: Error) => {
        assert.match(
          error.message,
          /cannot download https:\/\/raw\.githubusercontent\.com\/.+ \(getaddrinfo ENOTFOUND raw\.githubusercontent\.com\); check the network/,
        );
        assert.match(error.message, /--from DIR/);
        return true;
      },
    );
    assert.ok(!existsSync(out));
  });

  test("a download that does not match its pinned blob is refused", async () => {
    const fetcher: Fetcher = async () => new Response("tampered\n");
    const io = fakeIO(repo);
    await assert.rejects(
      createSchemasCommand(fetcher).run(["--from-release", "--out", path.join(tempDir(), "schemas")], io),
      /has git blob [0-9a-f]{12}, pinned [0-9a-f]{12}/,
    );
  });
});
