/**
 * Runs kustomize the way kustomize-controller does (`--load-restrictor LoadRestrictionsNone`),
 * through a throw-away wrapper kustomization that adds origin annotations, so every rendered
 * object says which file it came from without the repository having to ask for it.
 * Uses a standalone `kustomize` binary when present, else `kubectl kustomize` (v5 built in).
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import pLimit from "p-limit";
import { ToolError } from "../errors.ts";
import { toPosix } from "./yaml-source.ts";

export interface KustomizeTool {
  command: string;
  args: (dir: string) => string[];
  version: string;
}

let detected: KustomizeTool | null = null;

/** Finds kustomize once per process; a clear one-line error when neither tool exists. */
export function detectKustomize(env: NodeJS.ProcessEnv = process.env): KustomizeTool {
  if (detected) return detected;
  const flags = ["--load-restrictor", "LoadRestrictionsNone"];
  const candidates: KustomizeTool[] = [];
  if (env.EDP_KUSTOMIZE !== "kubectl") {
    candidates.push({ command: "kustomize", args: (dir) => ["build", ...flags, dir], version: "" });
  }
  candidates.push({ command: "kubectl", args: (dir) => ["kustomize", ...flags, dir], version: "" });
  for (const tool of candidates) {
    try {
      const out = execFileSync(tool.command, tool.command === "kubectl" ? ["version", "--client"] : ["version"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        timeout: 10_000,
      });
      tool.version = out.split("\n").find((l) => /kustomize/i.test(l))?.trim() ?? out.split("\n")[0]?.trim() ?? "";
      detected = tool;
      return tool;
    } catch {
      // try the next candidate
    }
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

/** Renders one kustomization directory (absolute path) with origin annotations. */
export async function renderKustomization(dir: string, tool = detectKustomize(), displayName = path.basename(dir)): Promise<RenderOutput> {
  const wrapper = await mkdtemp(path.join(tmpdir(), "edp-kustomize-"));
  const relative = toPosix(path.relative(wrapper, dir));
  await writeFile(
    path.join(wrapper, "kustomization.yaml"),
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${JSON.stringify(relative)}\nbuildMetadata: [originAnnotations]\n`,
  );
  const started = performance.now();
  try {
    const { stdout, stderr, ok } = await new Promise<{ stdout: string; stderr: string; ok: boolean }>((resolve) => {
      execFile(
        tool.command,
        tool.args(wrapper),
        { maxBuffer: 256 * 1024 * 1024, timeout: 120_000, env: { ...process.env, KUSTOMIZE_PLUGIN_HOME: "/nonexistent" } },
        (error, out, err) => resolve({ stdout: out, stderr: err, ok: !error }),
      );
    });
    return { ok, wrapper, stdout, stderr: cleanKustomizeError(stderr, [[wrapper, "<render>"], [dir, displayName], [relative, displayName]]), ms: performance.now() - started };
  } finally {
    await rm(wrapper, { recursive: true, force: true });
  }
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
