/** The sync bench's repository: the real apps/ and clusters/ plus generated input files, committed. */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PIPELINE = "apps/taxi-trips";

export function createTree(dir: string, files: number): string {
  for (const part of ["clusters", "apps"])
    cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
  mkdirSync(path.join(dir, PIPELINE, "input/bench"), { recursive: true });
  for (let i = 0; i < files; i++)
    writeFileSync(path.join(dir, PIPELINE, "input/bench", name(i)), line(i), { flag: "w" });
  run("git", ["init", "-q", "-b", "main"], dir);
  run("git", ["add", "-A"], dir);
  run(
    "git",
    ["-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "bench tree"],
    dir,
  );
  return dir;
}

export function name(i: number): string {
  return `part-${String(i).padStart(5, "0")}.csv`;
}

export function line(i: number): string {
  return `trip_id,zone,fare,value\n${i},${i % 263},${(i * 7) % 100}.50,${i * 31}\n`;
}

export function run(cmd: string, args: string[], cwd?: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
}
