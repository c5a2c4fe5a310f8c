/** One repository-wide Git listing (validate) must give each pipeline what per-folder listings give (sync). */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { collectSources, createRepositoryListing } from "../src/sync/sources.ts";
import { copyRepository } from "./helpers/repo-copy.ts";

test("a shared repository listing yields the same sources, ignored and refused files", async () => {
  const repo = copyRepository(["apps", "clusters"]);
  try {
    repo.write("apps/taxi-trips/scripts/draft.py", "print('not committed')\n");
    mkdirSync(path.join(repo.dir, "apps/taxi-trips/input/new"), { recursive: true });
    repo.write("apps/taxi-trips/input/new/rows.csv", "a,b\n");
    const sources = [
      { dir: "deps", prefix: "deps/" },
      { dir: "pod-templates", prefix: "pod-templates/" },
      { dir: "input", prefix: "input/" },
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
    assert.deepEqual(direct.ignored.map((i) => i.file).sort(), [
      "apps/taxi-trips/input/new/",
      "apps/taxi-trips/scripts/draft.py",
    ]);
  } finally {
    repo.remove();
  }
});
