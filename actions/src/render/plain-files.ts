/**
 * A directory without kustomization.yaml, read as Flux's generator would apply it: every
 * .yaml/.yml/.json file below it, in name order; each document must be a Kubernetes object.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { RawDoc } from "./kustomize-output.ts";
import { inDocument } from "./locate.ts";
import type { RenderProblem } from "./problems.ts";
import { readDocumentsWithoutPositions, type SourceCache } from "./yaml-source.ts";

export interface PlainFilesContext {
  repoRoot: string;
  cache: SourceCache;
  environment: string;
  problems: RenderProblem[];
}

export function readPlainFiles(ctx: PlainFilesContext, dir: string): RawDoc[] {
  const { repoRoot, cache, environment, problems } = ctx;
  const out: RawDoc[] = [];
  const walk = (d: string) => {
    const full = path.join(repoRoot, d);
    for (const entry of readdirSync(full).sort()) {
      if (entry.startsWith(".")) continue;
      const rel = `${d}/${entry}`;
      if (statSync(path.join(repoRoot, rel)).isDirectory()) {
        walk(rel);
        continue;
      }
      if (!/\.(ya?ml|json)$/.test(entry)) continue;
      // Positions cost ~5× a plain parse: take them only for files that do not parse cleanly
      // (to report where) and, later, for objects a finding points into.
      let docs: { index: number; text: string; value: unknown }[] | null = readDocumentsWithoutPositions(
        repoRoot,
        rel,
      );
      if (!docs) {
        const source = cache.get(rel);
        if (!source) continue;
        for (const p of source.problems) {
          problems.push({
            type: "yaml-parse-error",
            message: p.message,
            at: { file: rel, line: p.line, column: p.column },
            environment,
            resource: null,
          });
        }
        docs = source.documents.map((d2) => ({
          index: d2.index,
          value: d2.value,
          text: source.text.slice(d2.doc.range[0], d2.doc.range[2]),
        }));
      }
      for (const d2 of docs) {
        const v = d2.value as Record<string, unknown> | null;
        if (v === null || v === undefined || typeof v !== "object") continue;
        const meta = (v.metadata ?? {}) as Record<string, unknown>;
        if (typeof v.apiVersion !== "string" || typeof v.kind !== "string") {
          const source = cache.get(rel);
          const doc = source?.documents[d2.index];
          problems.push({
            type: "not-a-manifest",
            message:
              "document has no apiVersion/kind: Flux applies every YAML file in this directory and would fail on it; move it out or make it a Kubernetes object",
            at: { file: rel, line: source && doc ? inDocument(source, doc.doc, []).line : null },
            environment,
            resource: null,
          });
          continue;
        }
        out.push({
          text: d2.text,
          apiVersion: v.apiVersion,
          kind: v.kind,
          name: typeof meta.name === "string" ? meta.name : "",
          namespace: typeof meta.namespace === "string" ? meta.namespace : null,
          origin: { file: rel, generator: null },
          top: null,
          direct: { file: rel, index: d2.index },
        });
      }
    }
  };
  walk(dir);
  return out;
}
