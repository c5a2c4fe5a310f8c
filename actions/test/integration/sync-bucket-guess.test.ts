// The bucket guess that lets a sync start listing while kustomize still renders: it must agree
// with the render on this repository (or every sync lists twice), and give up quietly otherwise.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { renderEnvironments } from "../../src/render/index.ts";
import { guessBuckets } from "../../src/sync/plan/bucket-guess.ts";
import { discoverPipelines } from "../../src/pipeline/discover.ts";
import { copyRepository, REPO_ROOT, type RepoCopy } from "../helpers/repo-copy.ts";

const copies: RepoCopy[] = [];
after(() => copies.forEach((c) => c.remove()));

function copy(): RepoCopy {
  const c = copyRepository(["apps", "clusters"]);
  copies.push(c);
  return c;
}

describe("bucket guess before the render", () => {
  test("on this repository, every environment's guess is the bucket the render gives", async () => {
    const environments = ["dev", "staging", "prod"];
    const rendered = await renderEnvironments({ repoRoot: REPO_ROOT, environments });
    for (const env of rendered.environments) {
      const targets = discoverPipelines(REPO_ROOT, env.name, env.objects);
      const guesses = await guessBuckets(REPO_ROOT, env.name);
      assert.deepEqual(
        guesses,
        targets.map((t) => ({ pipelineDir: t.dir, bucket: t.bucket })),
        `environment ${env.name}`,
      );
    }
  });

  test("a bucket name left to substitution is not guessed", async () => {
    const c = copy();
    c.replace(
      "apps/taxi-trips/overlays/dev/infra/names.yaml",
      "name: edp-taxi-trips-dev",
      "name: edp-taxi-trips-${env_suffix}",
    );
    assert.deepEqual(await guessBuckets(c.dir, "dev"), []);
  });

  test("a file that does not parse, or an environment that does not exist, gives no guess and no error", async () => {
    const c = copy();
    c.write("apps/taxi-trips/overlays/dev/infra/names.yaml", "kind: Bucket\nspec: {name: [unclosed\n");
    assert.deepEqual(await guessBuckets(c.dir, "dev"), []);
    assert.deepEqual(await guessBuckets(c.dir, "no-such-env"), []);
  });
});
