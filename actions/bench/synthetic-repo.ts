/**
 * A large synthetic GitOps repository for benchmarks: the taxi-trips pipeline cloned N times
 * (p001 … pNNN), each with its own names and variables, in every environment.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const TEXT = /\.(ya?ml|json|env|py|csv)$/;

function rewriteTree(dir: string, replace: (text: string) => string): void {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) rewriteTree(full, replace);
    else if (TEXT.test(entry)) writeFileSync(full, replace(readFileSync(full, "utf8")));
  }
}

export function createSyntheticRepository(sourceRoot: string, pipelines: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "edp-bench-repo-"));
  cpSync(path.join(sourceRoot, "schemas"), path.join(dir, "schemas"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), '{ "name": "edp-bench", "private": true }\n');
  const envs = readdirSync(path.join(sourceRoot, "clusters")).filter((e) =>
    statSync(path.join(sourceRoot, "clusters", e)).isDirectory(),
  );
  const variables = readFileSync(path.join(sourceRoot, "clusters/variables.yaml"), "utf8");
  const [head, ...rest] = variables.split(/\n(?= {2}TAXI_TRIPS_)/);
  const pipelineVars = rest.join("\n");
  let declared = `${head}\n`;
  for (const env of envs) {
    mkdirSync(path.join(dir, "clusters", env, "flux-system"), { recursive: true });
    cpSync(
      path.join(sourceRoot, "clusters", env, "flux-system"),
      path.join(dir, "clusters", env, "flux-system"),
      { recursive: true },
    );
  }
  for (let i = 1; i <= pipelines; i++) {
    const id = `p${String(i).padStart(3, "0")}`;
    const upper = id.toUpperCase();
    const replace = (t: string) => t.replaceAll("taxi-trips", id).replaceAll("TAXI_TRIPS", upper);
    const appDir = path.join(dir, "apps", id);
    cpSync(path.join(sourceRoot, "apps/taxi-trips"), appDir, { recursive: true });
    rewriteTree(appDir, replace);
    for (const env of envs) {
      const flux = readFileSync(path.join(sourceRoot, "clusters", env, "taxi-trips.yaml"), "utf8");
      writeFileSync(path.join(dir, "clusters", env, `${id}.yaml`), replace(flux));
    }
    declared += `${replace(pipelineVars)}\n`;
  }
  writeFileSync(path.join(dir, "clusters/variables.yaml"), declared);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  git("-c", "user.name=bench", "-c", "user.email=bench@example.com", "add", "-A");
  git("-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "synthetic");
  return dir;
}
