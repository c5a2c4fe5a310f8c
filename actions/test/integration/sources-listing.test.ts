/** One repository-wide Git listing (validate) must give each pipeline what per-folder listings give (sync). */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { collectSources, createRepositoryListing } from "../../src/pipeline/sources.ts";
import { copyRepository } from "../helpers/repo-copy.ts";

test("a shared repository listing yields the same sources, ignored and refused files", async () => {
  const repo = copyRepository(["apps", "clusters"]);
  try {
    // A nested source folder (its files once, under its own prefix) and a look-alike sibling.
    for (const dir of ["input/lookup", "input-old", "input/new"])
      mkdirSync(path.join(repo.dir, "apps/taxi-trips", dir), { recursive: true });
    repo.write("apps/taxi-trips/input/lookup/zones.csv", "id\n1\n");
    repo.write("apps/taxi-trips/input-old/rows.csv", "a,b\n");
    repo.commit("nested and sibling folders");
    repo.write("apps/taxi-trips/scripts/draft.py", "print('not committed')\n");
    repo.write("apps/taxi-trips/input/new/rows.csv", "a,b\n");
    const sources = [
      { dir: "deps", prefix: "deps/" },
      { dir: "pod-templates", prefix: "pod-templates/" },
      { dir: "input", prefix: "input/" },
      { dir: "input/lookup", prefix: "lookup/" },
      { dir: "scripts", prefix: "scripts/" },
    ];
    const direct = await collectSources(repo.dir, "apps/taxi-trips", sources);
    const shared = await collectSources(
      repo.dir,
      "apps/taxi-trips",
      sources,
      createRepositoryListing(repo.dir),
    );
    assert.deepEqual(shared, direct);
    assert.ok(direct.files.length >= 6);
    assert.deepEqual(
      direct.files.filter((f) => f.file.includes("zones.csv")).map((f) => f.key),
      ["lookup/zones.csv"],
    );
    assert.ok(!direct.files.some((f) => f.file.includes("input-old")));
    assert.deepEqual(direct.ignored.map((i) => i.file).sort(), [
      "apps/taxi-trips/input/new/",
      "apps/taxi-trips/scripts/draft.py",
    ]);
  } finally {
    repo.remove();
  }
});
