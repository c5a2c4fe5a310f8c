/** Positioned YAML parsing: one problem per line, and a tab in the indentation named as such. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseSource } from "../../src/render/yaml-source.ts";

describe("parseSource problems", () => {
  it("names a tab in the indentation, whatever error the parser raised for it", () => {
    const { problems } = parseSource("x.yaml", "metadata:\n  name: a\nspec:\n\tname: b\n");
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0]?.line, 4);
    assert.match(problems[0]?.message ?? "", /^tab used for indentation/);
  });

  it("reports one problem per line, not every echo the parser raises there", () => {
    const { problems } = parseSource(
      "x.yaml",
      "spec:\n  name: a\n   eventBusName: default\n  state: ENABLED\n",
    );
    const lines = problems.map((p) => p.line);
    assert.ok(problems.length >= 1);
    assert.equal(new Set(lines).size, lines.length, JSON.stringify(problems));
  });

  it("still reports a duplicate key at its line", () => {
    const { problems } = parseSource("x.yaml", "metadata:\n  name: a\n  name: b\n");
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.line, 3);
    assert.match(problems[0]?.message ?? "", /^duplicate key/);
  });
});
