/**
 * The shape of actions/src, held by a test: no import cycles, no import that runs up the flow,
 * validate and sync independent, no source file over 400 lines, index.ts files only re-export.
 * Layers, lowest first; a folder may import only from layers below its own.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import ts from "typescript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const SOURCE_DIRS = [
  "actions/src",
  "actions/validate-manifests/src",
  "actions/sync-scripts/src",
  "actions/bench",
];

const LAYERS: readonly (readonly string[])[] = [
  ["errors.ts", "model"],
  ["eventbridge", "precompiled", "github"],
  ["asl", "schemas"],
  ["render"],
  ["pipeline"],
  // Two commands' engines, side by side: neither may import the other.
  ["validate", "sync"],
  ["report"],
  ["options", "build"],
  ["commands"],
  ["cli.ts"],
  ["edp.ts"],
  ["validate-manifests", "sync-scripts"],
];
const MAX_LINES = 400;

/** "actions/src/render/x.ts" → "render"; the actions' own sources → their folder. */
function unit(file: string): string | null {
  const own = /^actions\/(validate-manifests|sync-scripts)\/src\//.exec(file);
  if (own) return own[1]!;
  const m = /^actions\/src\/([^/]+)/.exec(file);
  return m ? m[1]! : null;
}
const layerOf = (u: string) => LAYERS.findIndex((layer) => layer.includes(u));

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(root, dir)).sort()) {
      const rel = `${dir}/${name}`;
      if (statSync(path.join(root, rel)).isDirectory()) walk(rel);
      else if (/\.ts$/.test(name) && !name.endsWith(".d.ts")) out.push(rel);
    }
  };
  SOURCE_DIRS.forEach(walk);
  return out;
}

describe("source structure", () => {
  let result: ICruiseResult;
  before(async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const cruised = await cruise(
        ["actions/src", "actions/validate-manifests/src", "actions/sync-scripts/src"],
        {
          validate: true,
          ruleSet: {
            forbidden: [{ name: "no-circular", severity: "error", from: {}, to: { circular: true } }],
          },
          tsPreCompilationDeps: true,
          exclude: { path: "node_modules|/dist/" },
        },
      );
      result = cruised.output as ICruiseResult;
    } finally {
      process.chdir(cwd);
    }
  });

  it("has no import cycles", () => {
    const cycles = result.summary.violations.map((v) => {
      const loop = [v.from, ...(v.cycle ?? []).map((c) => (typeof c === "string" ? c : c.name))];
      return `import cycle: ${loop.join(" → ")}`;
    });
    assert.deepEqual(cycles, [], "break each cycle: move what both files need into a module below them");
  });

  it("every folder is in a layer, and imports only from layers below it", () => {
    const wrong: string[] = [];
    for (const m of result.modules) {
      const from = unit(m.source);
      if (from === null) continue;
      if (layerOf(from) < 0) wrong.push(`${from} (${m.source}) is in no layer: add it to LAYERS`);
      for (const d of m.dependencies) {
        const to = unit(d.resolved);
        if (to === null || to === from) continue;
        if (!(layerOf(to) < layerOf(from)))
          wrong.push(
            `${m.source} imports ${d.resolved}: ${from} (layer ${layerOf(from)}) may import only from layers below it, not ${to} (layer ${layerOf(to)})`,
          );
      }
    }
    assert.deepEqual([...new Set(wrong)], []);
  });

  it(`has no source file over ${MAX_LINES} lines`, () => {
    const long = sourceFiles()
      .map((f) => [f, readFileSync(path.join(root, f), "utf8").split("\n").length - 1] as const)
      .filter(([, n]) => n > MAX_LINES)
      .map(([f, n]) => `${f}: ${n} lines`);
    assert.deepEqual(long, []);
  });

  it("index.ts files only re-export (or list a rule family's imported modules)", () => {
    const offenders: string[] = [];
    // The actions' own src/index.ts are bundle entry points (they run the action), not folder indexes.
    const indexes = sourceFiles().filter(
      (f) => f.startsWith("actions/src/") && path.basename(f) === "index.ts",
    );
    for (const file of indexes) {
      const text = readFileSync(path.join(root, file), "utf8");
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      for (const st of sf.statements) {
        if (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) continue;
        if (isListOfImports(st)) continue;
        offenders.push(
          `${file}:${sf.getLineAndCharacterOfPosition(st.getStart()).line + 1}: logic in an index.ts; move it into a module of its own and re-export it`,
        );
      }
    }
    assert.deepEqual(offenders, []);
  });
});

/** `export const xRules = [a, b, c] as const;` where every element is an imported name. */
function isListOfImports(st: ts.Statement): boolean {
  if (!ts.isVariableStatement(st)) return false;
  return st.declarationList.declarations.every((d) => {
    let init = d.initializer;
    if (init && ts.isAsExpression(init)) init = init.expression;
    return !!init && ts.isArrayLiteralExpression(init) && init.elements.every((e) => ts.isIdentifier(e));
  });
}
