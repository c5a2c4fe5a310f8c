/** The rule reference is generated from the rule modules: fail when docs/rules.md or the README drift. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { RULES_DOC, rulesDocument, withRuleTable } from "../../src/report/validate/rules-doc.ts";
import { RULE_CATALOG } from "../../src/validate/catalog.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

describe("generated rule reference", () => {
  it("docs/rules.md is what the catalog generates (run npm run docs)", () => {
    assert.equal(read(RULES_DOC), rulesDocument());
  });

  it("the README's rule table is what the catalog generates (run npm run docs)", () => {
    const readme = read("README.md");
    assert.equal(readme, withRuleTable(readme));
    for (const rule of RULE_CATALOG) assert.ok(readme.includes(`[\`${rule.id}\`]`), rule.id);
  });

  it("every rule has its own anchor in docs/rules.md", () => {
    const doc = read(RULES_DOC);
    for (const rule of RULE_CATALOG)
      assert.ok(doc.includes(`<a id="${rule.docs.split("#")[1]}"></a>`), rule.id);
  });

  it("refuses a README without the table markers", () => {
    assert.throws(() => withRuleTable("# README\n"), /markers are missing/);
  });
});
