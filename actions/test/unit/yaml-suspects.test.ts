import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { mightHaveYamlProblem } from "../../src/render/yaml-suspects.ts";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The oracle: the `yaml` library's own duplicate-key and tab errors. */
function hiddenProblem(text: string): boolean {
  try {
    return parseAllDocuments(text, { uniqueKeys: true }).some((d) =>
      d.errors.some((e) => e.code === "DUPLICATE_KEY" || e.code === "TAB_AS_INDENT"),
    );
  } catch {
    return false;
  }
}

function repositoryYaml(): { file: string; text: string }[] {
  const files = execFileSync("git", ["ls-files", "-z", "--", "*.yaml", "*.yml"], {
    cwd: repo,
    encoding: "utf8",
  })
    .split("\0")
    .filter((f) => f && !f.startsWith("actions/dist") && !f.includes("/dist/"));
  return files.map((file) => ({ file, text: readFileSync(path.join(repo, file), "utf8") }));
}

describe("the line scan before kustomize (yaml-suspects.ts)", () => {
  test("never passes a duplicate key the parser sees: every line of every YAML file in the repository, repeated beside itself and at its next sibling", () => {
    let mutations = 0;
    let problems = 0;
    for (const { file, text } of repositoryYaml()) {
      const lines = text.split("\n");
      const indentOf = (l: string) => l.length - l.trimStart().length;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
        // the next line at the same indentation (a sibling), or the end of the block
        let j = i + 1;
        while (j < lines.length && (lines[j]!.trim() === "" || indentOf(lines[j]!) > indentOf(line))) j++;
        const copy = line.replace(/^(\s*)- /, "$1  ");
        for (const at of new Set([i + 1, j])) {
          for (const inserted of new Set([line, copy])) {
            const mutated = [...lines.slice(0, at), inserted, ...lines.slice(at)].join("\n");
            mutations++;
            if (!hiddenProblem(mutated)) continue;
            problems++;
            assert.ok(
              mightHaveYamlProblem(mutated),
              `${file}: line ${i + 1} (${line.trim()}) repeated at ${at + 1} is a duplicate key the scan missed`,
            );
          }
        }
      }
    }
    assert.ok(problems > 200, `the mutations made ${problems} duplicate keys of ${mutations}`);
  });

  test("a tab in any line's indentation is flagged", () => {
    for (const { file, text } of repositoryYaml()) {
      const lines = text.split("\n");
      const i = lines.findIndex((l) => /^ {2}\S/.test(l));
      if (i < 0) continue;
      const mutated = [...lines.slice(0, i), `\t${lines[i]!.slice(2)}`, ...lines.slice(i + 1)].join("\n");
      assert.ok(mightHaveYamlProblem(mutated), file);
    }
  });

  test("the forms a line scan could miss", () => {
    const flagged = [
      'a: 1\n"a": 2\n',
      "it's: 1\n'it''s': 2\n",
      'a: 1\n"\\x61": 2\n',
      "a: {b: 1, b: 2}\n",
      "a: [\n  {b: 1, b: 2}]\n",
      "? a\n: 1\na: 2\n",
      "base: &b\n  x: 1\nm:\n  <<: *b\n  x: 2\n",
      'a: "multi\n  line"\na: 2\n',
      "list:\n- name: x\n  name: y\n",
      "a#b: 1\na#b: 2\n",
      "spec:\n\tname: x\n",
    ];
    for (const text of flagged) assert.ok(mightHaveYamlProblem(text), JSON.stringify(text));
    const clean = [
      "metadata:\n  name: a\nspec:\n  name: b\n",
      "- name: a\n- name: a\n",
      "a: |\n  b: 1\n  b: 2\nc: 3\n",
      "items:\n- |\n  x: 1\n  x: 1\n- y\n",
      "a: 1\n---\na: 2\n",
      "a:\n  b:\n    c: 1\n  d:\n    c: 2\n",
      "data: {}\nlist: []\narn: arn:aws:states:${AWS_REGION}:${AWS_ACCOUNT_ID}:stateMachine:x\n",
    ];
    for (const text of clean) assert.ok(!mightHaveYamlProblem(text), JSON.stringify(text));
  });

  test("it lets most of the repository's files through unparsed (otherwise it saves nothing)", () => {
    const files = repositoryYaml();
    const flagged = files.filter((f) => mightHaveYamlProblem(f.text)).map((f) => f.file);
    assert.ok(
      flagged.length <= files.length * 0.2,
      `${flagged.length} of ${files.length} flagged: ${flagged.join(", ")}`,
    );
  });
});
