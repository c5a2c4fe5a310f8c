/**
 * The repository layout itself: every overlay and every cluster directory renders with the real
 * kustomize, every rendered object has a schema and passes it, and the seed example's wiring
 * faults are absent.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { matchesPattern, s3ObjectCreatedEvent } from "../../src/eventbridge/index.ts";
import { renderEnvironments } from "../../src/render/index.ts";
import { loadSchemaRegistry } from "../../src/schemas/validator.ts";
import { REPO_ROOT } from "../helpers/repo-copy.ts";

const kustomize = (dir: string) =>
  execFileSync("kubectl", ["kustomize", "--load-restrictor", "LoadRestrictionsNone", dir], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const overlays = readdirSync(path.join(REPO_ROOT, "apps")).flatMap((app) => {
  const root = path.join(REPO_ROOT, "apps", app, "overlays");
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((env) =>
    readdirSync(path.join(root, env))
      .filter((part) => existsSync(path.join(root, env, part, "kustomization.yaml")))
      .map((part) => path.join(root, env, part)),
  );
});
const environments = readdirSync(path.join(REPO_ROOT, "clusters")).filter((e) =>
  statSync(path.join(REPO_ROOT, "clusters", e)).isDirectory(),
);

describe("layout", () => {
  test("there are dev, staging and prod, each with an infra and a pipeline overlay", () => {
    assert.deepEqual(environments.sort(), ["dev", "prod", "staging"]);
    for (const env of environments) {
      for (const part of ["infra", "pipeline"]) {
        assert.ok(
          overlays.includes(path.join(REPO_ROOT, "apps/taxi-trips/overlays", env, part)),
          `${env}/${part} overlay missing`,
        );
      }
    }
  });

  for (const overlay of overlays) {
    test(`kubectl kustomize ${path.relative(REPO_ROOT, overlay)}`, () => {
      const out = kustomize(overlay);
      assert.match(out, /^kind: /m);
    });
  }

  for (const env of environments) {
    test(`clusters/${env} builds the way Flux's generator builds it`, () => {
      // kustomize-controller generates a kustomization.yaml listing every manifest when none exists.
      const dir = mkdtempSync(path.join(tmpdir(), "edp-cluster-"));
      try {
        cpSync(path.join(REPO_ROOT, "clusters", env), dir, { recursive: true });
        assert.ok(!existsSync(path.join(REPO_ROOT, "clusters", env, "kustomization.yaml")));
        const files = walk(dir)
          .filter((f) => /\.ya?ml$/.test(f))
          .map((f) => path.relative(dir, f));
        for (const f of files)
          assert.ok(
            readFileSync(path.join(dir, f), "utf8").includes("kind:"),
            `clusters/${env}/${f} is not a manifest (no placeholders)`,
          );
        writeFileSync(
          path.join(dir, "kustomization.yaml"),
          `resources:\n${files.map((f) => `  - ${f}`).join("\n")}\n`,
        );
        const out = kustomize(dir);
        for (const kind of ["GitRepository", "Kustomization"])
          assert.match(out, new RegExp(`^kind: ${kind}$`, "m"));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  test("every rendered object has a schema and passes it (no kind is skipped)", async () => {
    const { environments: rendered, problems } = await renderEnvironments({ repoRoot: REPO_ROOT });
    assert.deepEqual(problems, []);
    const registry = loadSchemaRegistry(path.join(REPO_ROOT, "schemas"));
    let checked = 0;
    for (const env of rendered) {
      for (const o of env.objects) {
        const result = registry.validate(o.object);
        assert.equal(result.status, "valid", `${env.name} ${o.kind}/${o.name}: ${JSON.stringify(result)}`);
        checked++;
      }
    }
    assert.ok(checked >= 40, `checked ${checked}`);
  });

  test("the seed example's wiring faults are absent", async () => {
    const { environments: rendered } = await renderEnvironments({ repoRoot: REPO_ROOT });
    for (const env of rendered) {
      const bucket = env.objects.find((o) => o.kind === "Bucket");
      const rule = env.objects.find((o) => o.kind === "Rule");
      assert.ok(bucket && rule, `${env.name} declares a bucket and a rule`);
      const name = String((bucket.object.spec as { name: string }).name);
      // 1. the bucket never sets spec.notification (it would turn EventBridge delivery off)
      assert.equal((bucket.object.spec as { notification?: unknown }).notification, undefined);
      // 2. the pattern starts a run for the entry point and for nothing else the pipeline uploads
      const pattern = JSON.parse(
        String((rule.object.spec as { eventPattern: string }).eventPattern),
      ) as Record<string, unknown>;
      const event = (key: string) => s3ObjectCreatedEvent({ bucket: name, key });
      assert.ok(
        matchesPattern(pattern, event("scripts/daily_zone_stats.py")),
        `${env.name}: the entry point must trigger`,
      );
      for (const key of [
        "pod-templates/driver.yaml",
        "pod-templates/executor.yaml",
        "input/trips-2024-01-part-1.csv",
        "deps/taxi_trips_lib.py",
      ]) {
        assert.ok(!matchesPattern(pattern, event(key)), `${env.name}: ${key} must not trigger`);
      }
      // 3. the entry point comes from the event, not a hard-coded script
      const definition = String(
        (env.objects.find((o) => o.kind === "StateMachine")?.object.spec as { definition: string })
          .definition,
      );
      assert.match(definition, /"EntryPoint\.\$"/);
      assert.doesNotMatch(definition, /daily_zone_stats/);
      // 4. retries and a dead-letter queue on the rule target
      const target = (
        rule.object.spec as {
          targets: { retryPolicy?: { maximumRetryAttempts: number }; deadLetterConfig?: { arn: string } }[];
        }
      ).targets[0];
      assert.ok((target?.retryPolicy?.maximumRetryAttempts ?? 0) > 0 && target?.deadLetterConfig?.arn);
    }
    // 5. no literal account IDs or ARNs in apps/ or clusters/ (the variable examples aside)
    const offenders = [...walk(path.join(REPO_ROOT, "apps")), ...walk(path.join(REPO_ROOT, "clusters"))]
      .filter((f) => /\.(ya?ml|json|env)$/.test(f) && !f.endsWith(path.join("clusters", "variables.yaml")))
      .filter((f) => /arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:\d{12}:|\b\d{12}\b/.test(readFileSync(f, "utf8")));
    assert.deepEqual(offenders, []);
  });

  test("a missing kubectl is one clear line and exit code 2, not a stack trace", () => {
    // A PATH with node and git only (kubectl usually sits beside node in /usr/bin).
    const bin = mkdtempSync(path.join(tmpdir(), "edp-path-"));
    try {
      symlinkSync(process.execPath, path.join(bin, "node"));
      const git = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
      symlinkSync(git, path.join(bin, "git"));
      const r = spawnSync(
        process.execPath,
        [path.join(REPO_ROOT, "actions/bin/edp.js"), "validate", "--repo", REPO_ROOT],
        {
          encoding: "utf8",
          env: { PATH: bin, HOME: tmpdir() },
        },
      );
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr.trim(), /^edp validate: kustomize not found: .*install kubectl/);
      assert.equal(r.stderr.trim().split("\n").length, 1);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
