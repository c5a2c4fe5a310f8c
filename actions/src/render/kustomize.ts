/**
 * Runs kustomize the way kustomize-controller does (`--load-restrictor LoadRestrictionsNone`),
 * through a throw-away wrapper kustomization that adds origin annotations, so every rendered
 * object says which file it came from without the repository having to ask for it.
 * Uses a standalone `kustomize` binary when present, else `kubectl kustomize` (v5 built in).
 */
import { execFile } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import pLimit from "p-limit";
import { ToolError } from "../errors.ts";
import { toPosix } from "./yaml-source.ts";

export interface KustomizeTool {
  command: string;
  args: (dir: string) => string[];
}

let detected: KustomizeTool | null = null;

/** The first executable called `name` on PATH, found without starting a process. */
function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Finds kustomize once per process, by looking on PATH (no process is started: a sync's whole
 * budget is a few hundred milliseconds). A clear one-line error when neither tool exists.
 */
export function detectKustomize(env: NodeJS.ProcessEnv = process.env): KustomizeTool {
  if (detected) return detected;
  const flags = ["--load-restrictor", "LoadRestrictionsNone"];
  const standalone = env.EDP_KUSTOMIZE === "kubectl" ? null : onPath("kustomize", env);
  if (standalone) {
    detected = { command: standalone, args: (dir) => ["build", ...flags, dir] };
    return detected;
  }
  const kubectl = onPath("kubectl", env);
  if (kubectl) {
    detected = { command: kubectl, args: (dir) => ["kustomize", ...flags, dir] };
    return detected;
  }
  throw new ToolError(
    "kustomize not found: edp renders overlays with `kubectl kustomize` (kustomize v5 built in) or a `kustomize` binary; install kubectl >= 1.27 and retry",
  );
}

export interface RenderOutput {
  ok: boolean;
  /** The temporary wrapper directory origin annotations are relative to (already removed). */
  wrapper: string;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * What renders kustomization directories: kustomize in a child process by default; tests and
 * other callers may pass their own (render/environments.ts takes it as an option).
 */
export type KustomizeRunner = (dirs: { dir: string; displayName: string }[]) => Promise<RenderOutput>;

/** The default runner: the kustomize found on PATH, one process per call. */
export function kustomizeRunner(tool = detectKustomize()): KustomizeRunner {
  return (dirs) => renderKustomizations(dirs, tool);
}

/** Renders one kustomization directory (absolute path) with origin annotations. */
export function renderKustomization(
  dir: string,
  tool = detectKustomize(),
  displayName = path.basename(dir),
): Promise<RenderOutput> {
  return renderKustomizations([{ dir, displayName }], tool);
}

/**
 * Renders several kustomization directories in one kustomize process (one wrapper listing them
 * all): a kubectl start costs more than a small build, so one process per environment beats one
 * per Flux Kustomization. The wrapper is written synchronously so the process starts before
 * this function first yields.
 */
export function renderKustomizations(
  dirs: { dir: string; displayName: string }[],
  tool = detectKustomize(),
): Promise<RenderOutput> {
  const wrapper = mkdtempSync(path.join(tmpdir(), "edp-kustomize-"));
  const relatives = dirs.map((d) => toPosix(path.relative(wrapper, d.dir)));
  writeFileSync(
    path.join(wrapper, "kustomization.yaml"),
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${relatives.map((r) => `  - ${JSON.stringify(r)}\n`).join("")}buildMetadata: [originAnnotations]\n`,
  );
  const started = performance.now();
  return new Promise<RenderOutput>((resolve) => {
    execFile(
      tool.command,
      tool.args(wrapper),
      {
        maxBuffer: 512 * 1024 * 1024,
        timeout: 300_000,
        env: { ...process.env, KUSTOMIZE_PLUGIN_HOME: "/nonexistent" },
      },
      (error, stdout, stderr) => {
        rmSync(wrapper, { recursive: true, force: true });
        const replacements: [string, string][] = [[wrapper, "<render>"]];
        dirs.forEach((d, i) =>
          replacements.push([d.dir, d.displayName], [relatives[i] ?? d.dir, d.displayName]),
        );
        resolve({
          ok: !error,
          wrapper,
          stdout,
          stderr: cleanKustomizeError(stderr, replacements),
          ms: performance.now() - started,
        });
      },
    );
  });
}

/** Strips klog prefixes, quoting noise and temporary paths from kustomize's error text. */
function cleanKustomizeError(stderr: string, replacements: [string, string][]): string {
  let text = stderr
    .split("\n")
    .map((l) => l.replace(/^E\d{4} [\d:.]+\s+\d+ \S+\] /, "").replace(/^"command failed" err=/, ""))
    .filter((l) => l.trim() !== "")
    .join(" ")
    .replace(/\s+/g, " ")
    .replace(/^"|"$/g, "")
    .replace(/\\"/g, '"');
  for (const [from, to] of replacements) text = text.replaceAll(from, to);
  return text.trim();
}

/** A concurrency bound that fits the machine: kustomize is CPU-bound per process. */
export function renderConcurrency(): number {
  return Math.max(1, cpus().length);
}

export function renderPool(concurrency = renderConcurrency()) {
  return pLimit(concurrency);
}
