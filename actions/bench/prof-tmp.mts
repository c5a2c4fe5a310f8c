import { createSyntheticRepository } from "./synthetic-repo.ts";
import { validateRepository } from "../src/validate/index.ts";
import { renderEnvironments, listEnvironments } from "../src/render/index.ts";
import { renderKustomizations, renderPool } from "../src/render/kustomize.ts";
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
const dir = createSyntheticRepository("/work/main", 100);
const pool = renderPool();
for (let round = 0; round < 2; round++) {
  let t = performance.now();
  await Promise.all(listEnvironments(dir).map((env) => pool(() => renderKustomizations(readdirSync(path.join(dir, "apps")).flatMap((app) => ["infra", "pipeline"].map((p) => ({ dir: path.join(dir, "apps", app, "overlays", env, p), displayName: p })))))));
  const bare = performance.now() - t;
  t = performance.now();
  await renderEnvironments({ repoRoot: dir });
  const ours = performance.now() - t;
  t = performance.now();
  const v = await validateRepository({ repoRoot: dir });
  const full = performance.now() - t;
  console.log({ bare: Math.round(bare), render: Math.round(ours), validate: Math.round(full), stats: v.stats, ratio: (full / bare).toFixed(3) });
}
rmSync(dir, { recursive: true, force: true });
