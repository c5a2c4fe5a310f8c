// Sources, keys and comparisons without a server: what is uploaded, what is refused, and why.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { collectSources } from "../../src/pipeline/sources.ts";
import {
  isPlainMd5Etag,
  unsafeDirReason,
  unsafeKeyReason,
  unsafePrefixReason,
} from "../../src/pipeline/keys.ts";
import { compareHead, compareListed } from "../../src/sync/plan/compare.ts";
import { digestFile } from "../../src/sync/plan/hash.ts";
import { readPipelineSources } from "../../src/pipeline/config.ts";
import { commit, demoFiles, git, makeRepo, removeTempDirs } from "../helpers/sync-fixture.ts";
import type { LocalDigest } from "../../src/sync/types.ts";
import type { HeadResult } from "../../src/sync/aws/s3-objects.ts";

after(removeTempDirs);

const SOURCES = [
  { dir: "deps", prefix: "deps/" },
  { dir: "input", prefix: "input/" },
  { dir: "scripts", prefix: "scripts/" },
];

describe("object keys", () => {
  const cases: [string, string | null][] = [
    ["scripts/job.py", null],
    ["input/2024/01/trips=a_b-c.csv", null],
    ["../escape.py", "'..' path segment"],
    ["scripts/../../x", "'..' path segment"],
    ["/abs/key", "absolute path"],
    ["scripts//x.py", "empty path segment ('//')"],
    ["scripts/./x.py", "'.' path segment"],
    ["scripts/my job.py", 'characters outside [A-Za-z0-9/_.=-]: " "'],
    ["scripts/naïve.py", 'characters outside [A-Za-z0-9/_.=-]: "ï"'],
    ["scripts/a+b.py", 'characters outside [A-Za-z0-9/_.=-]: "+"'],
    ["", "empty key"],
  ];
  for (const [key, reason] of cases) {
    test(`${JSON.stringify(key)} → ${reason ?? "safe"}`, () => assert.equal(unsafeKeyReason(key), reason));
  }
  test("prefixes end in '/' and folders are normalised relative paths", () => {
    assert.equal(unsafePrefixReason(""), null);
    assert.equal(unsafePrefixReason("scripts/"), null);
    assert.equal(unsafePrefixReason("scripts"), "must end in '/'");
    assert.equal(unsafePrefixReason("../x/"), "'..' path segment");
    assert.equal(unsafeDirReason("scripts"), null);
    assert.equal(unsafeDirReason("a/../b"), "not a normalised relative path");
    assert.equal(unsafeDirReason("/etc"), "absolute path");
  });
  test("only a 32-hex ETag is a plain MD5", () => {
    assert.equal(isPlainMd5Etag("6f5902ac237024bdd0c176cb93063dc4"), true);
    assert.equal(isPlainMd5Etag("23bea37d2f82bd052cd761f058817304-3"), false);
    assert.equal(isPlainMd5Etag(""), false);
  });
});

describe("comparison by content", () => {
  const local: Required<LocalDigest> = {
    size: 12,
    md5: "6f5902ac237024bdd0c176cb93063dc4",
    sha256: "ab".repeat(32),
    crc64nvme: "D3gOhIHSoh8=",
  };
  const listed = (size: number, etag: string) => ({ key: "k", size, etag });
  const flags = { forced: false, bucketMissing: false };
  test("missing, different size, equal MD5 ETag decide without a HEAD", () => {
    assert.deepEqual(compareListed(local, undefined, flags), { action: "upload", reason: "new" });
    assert.equal(compareListed(local, listed(13, local.md5), flags).action, "upload");
    assert.deepEqual(compareListed(local, listed(12, local.md5.toUpperCase()), flags), {
      action: "skip",
      reason: "unchanged (MD5 ETag)",
    });
    assert.equal(compareListed(local, listed(12, local.md5), { ...flags, forced: true }).action, "upload");
  });
  test("a same-size object with another or a multipart ETag needs a HEAD", () => {
    assert.deepEqual(compareListed(local, listed(12, "0".repeat(32)), flags), { action: "head" });
    assert.deepEqual(compareListed(local, listed(12, "23bea37d2f82bd052cd761f058817304-3"), flags), {
      action: "head",
    });
  });
  test("the full-object CRC64NVME decides, then the SHA-256 in metadata", () => {
    const head = (crc?: string, type?: string, sha?: string): HeadResult => ({
      exists: true,
      crc64nvme: crc,
      checksumType: type,
      metadata: sha ? { "edp-sha256": sha } : {},
    });
    assert.equal(compareHead(local, head("D3gOhIHSoh8=", "FULL_OBJECT")).action, "skip");
    assert.equal(compareHead(local, head("AAAAAAAAAAA=", "FULL_OBJECT", local.sha256)).action, "upload");
    // A composite or malformed checksum is not comparable: fall back to metadata.
    assert.equal(
      compareHead(local, head("nUj96w==", undefined, local.sha256)).reason,
      "unchanged (SHA-256 in metadata)",
    );
    assert.equal(compareHead(local, head("D3gOhIHSoh8=", "COMPOSITE", "cd".repeat(32))).action, "upload");
    assert.equal(
      compareHead(local, head(undefined, undefined)).reason,
      "no comparable checksum on the object",
    );
    assert.equal(compareHead(local, { exists: false, metadata: {} }).reason, "new");
  });
  test("digests match S3's values for the same bytes", async () => {
    const repo = makeRepo({ "f.txt": "hello world\n" });
    const d = await digestFile(path.join(repo, "f.txt"), 12);
    assert.deepEqual(d, {
      size: 12,
      md5: "6f5902ac237024bdd0c176cb93063dc4",
      sha256: "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447",
      crc64nvme: "D3gOhIHSoh8=",
    });
  });
});

describe("sources from Git", () => {
  test("only tracked files are sources; untracked ones are listed as ignored", async () => {
    const repo = makeRepo(demoFiles());
    writeFileSync(path.join(repo, "apps/demo/input/scratch.csv"), "not committed\n");
    git(repo, "rm", "-q", "--cached", "apps/demo/input/b.csv");
    const got = await collectSources(repo, "apps/demo", SOURCES);
    assert.deepEqual(got.files.map((f) => f.key).sort(), [
      "deps/lib.py",
      "input/a.csv",
      "scripts/README.txt",
      "scripts/job.py",
    ]);
    assert.deepEqual(got.ignored.map((i) => `${i.file}: ${i.reason}`).sort(), [
      "apps/demo/input/b.csv: ignored: not tracked by Git",
      "apps/demo/input/scratch.csv: ignored: not tracked by Git",
    ]);
    assert.deepEqual(got.refused, []);
  });

  test("a symlink out of the repository and an unsafe name are refused; a symlink inside is followed", async () => {
    const repo = makeRepo(demoFiles());
    const outside = makeRepo({ "secret.txt": "do not upload\n" });
    symlinkSync(path.join(outside, "secret.txt"), path.join(repo, "apps/demo/input/leak.csv"));
    symlinkSync("../deps/lib.py", path.join(repo, "apps/demo/scripts/lib_link.py"));
    mkdirSync(path.join(repo, "apps/demo/input/sub"));
    symlinkSync("../../deps", path.join(repo, "apps/demo/input/sub/deps-dir"));
    writeFileSync(path.join(repo, "apps/demo/scripts/my job.py"), "print(1)\n");
    commit(repo, "links");
    const got = await collectSources(repo, "apps/demo", SOURCES);
    const refused = Object.fromEntries(got.refused.map((r) => [r.file, r.reason]));
    assert.match(refused["apps/demo/input/leak.csv"] ?? "", /^refused: resolves outside the repository/);
    assert.equal(
      refused["apps/demo/scripts/my job.py"],
      "refused: key 'scripts/my job.py' is unsafe (characters outside [A-Za-z0-9/_.=-]: \" \")",
    );
    const link = got.files.find((f) => f.key === "scripts/lib_link.py");
    assert.ok(link, "in-repository symlink is a source");
    assert.equal(link.abs, path.join(repo, "apps/demo/deps/lib.py"));
    assert.ok(
      got.ignored.some(
        (i) =>
          i.file === "apps/demo/input/sub/deps-dir" &&
          i.reason === "ignored: symlink to a folder (not followed)",
      ),
    );
  });

  test("a tracked folder or file swapped for a link after checkout is resolved, and refused outside", async () => {
    const repo = makeRepo(demoFiles());
    const outside = makeRepo({ "a.csv": "outside\n", "b.csv": "outside\n", "lib.py": "outside\n" });
    // Git still records regular files here; the working tree now links out of the repository.
    rmSync(path.join(repo, "apps/demo/input"), { recursive: true });
    symlinkSync(outside, path.join(repo, "apps/demo/input"));
    rmSync(path.join(repo, "apps/demo/deps/lib.py"));
    symlinkSync(path.join(outside, "lib.py"), path.join(repo, "apps/demo/deps/lib.py"));
    const got = await collectSources(repo, "apps/demo", SOURCES);
    const refused = Object.fromEntries(got.refused.map((r) => [r.file, r.reason]));
    for (const file of ["apps/demo/input/a.csv", "apps/demo/input/b.csv", "apps/demo/deps/lib.py"])
      assert.match(refused[file] ?? "", /^refused: resolves outside the repository/, file);
    assert.deepEqual(got.files.map((f) => f.key).sort(), ["scripts/README.txt", "scripts/job.py"]);
  });

  test("a tracked link to an untracked or ignored file, or into .git, is refused; to a tracked file it is followed", async () => {
    const repo = makeRepo(demoFiles({ ".gitignore": "terraform.tfstate\n", "notes/tracked.txt": "ok\n" }));
    writeFileSync(path.join(repo, "terraform.tfstate"), '{"secret": "flux git credential"}\n');
    symlinkSync("../../../terraform.tfstate", path.join(repo, "apps/demo/scripts/state.py"));
    symlinkSync("../../../notes/untracked.txt", path.join(repo, "apps/demo/input/untracked.csv"));
    symlinkSync("../../../.git/config", path.join(repo, "apps/demo/input/git-config.csv"));
    symlinkSync("../../../notes/tracked.txt", path.join(repo, "apps/demo/input/tracked.csv"));
    commit(repo, "links");
    // Written after the commit: on disk, but never added.
    writeFileSync(path.join(repo, "notes/untracked.txt"), "not committed\n");
    const got = await collectSources(repo, "apps/demo", SOURCES);
    const refused = Object.fromEntries(got.refused.map((r) => [r.file, r.reason]));
    assert.equal(
      refused["apps/demo/scripts/state.py"],
      "refused: resolves to terraform.tfstate, which Git does not track (a link may point only at a tracked file)",
    );
    assert.match(
      refused["apps/demo/input/untracked.csv"] ?? "",
      /notes\/untracked\.txt, which Git does not track/,
    );
    assert.equal(
      refused["apps/demo/input/git-config.csv"],
      "refused: resolves into Git's own files (.git/config)",
    );
    assert.ok(
      got.files.some((f) => f.key === "input/tracked.csv"),
      "a link to a tracked file is a source",
    );
    assert.ok(!got.files.some((f) => /state|untracked|git-config/.test(f.key)), JSON.stringify(got.files));
  });

  test("a dangling symlink is refused, not skipped", async () => {
    const repo = makeRepo(demoFiles());
    symlinkSync("../nowhere.py", path.join(repo, "apps/demo/scripts/gone.py"));
    commit(repo, "dangling");
    const got = await collectSources(repo, "apps/demo", SOURCES);
    assert.deepEqual(got.refused, [
      { file: "apps/demo/scripts/gone.py", reason: "refused: symlink whose target does not exist" },
    ]);
  });

  test("pipeline.yaml rejects traversal, missing slashes and aliases", () => {
    const repo = makeRepo({
      "a/pipeline.yaml": "sources:\n  - {dir: ../x, prefix: x/}\n",
      "b/pipeline.yaml": "sources:\n  - {dir: x, prefix: x}\n",
      "c/pipeline.yaml": "s: &a [1]\nsources:\n  - {dir: x, prefix: x/, extra: *a}\n",
      "d/pipeline.yaml": "sources:\n  - {dir: scripts/, prefix: scripts/}\n",
    });
    assert.throws(() => readPipelineSources(repo, "a"), /dir '\.\.\/x': not a normalised relative path/);
    assert.throws(() => readPipelineSources(repo, "b"), /prefix 'x': must end in '\/'/);
    assert.throws(() => readPipelineSources(repo, "c"), /alias|unknown field/i);
    assert.deepEqual(readPipelineSources(repo, "d"), [{ dir: "scripts", prefix: "scripts/" }]);
  });
});
