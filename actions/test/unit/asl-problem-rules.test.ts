/** Every kind of ASL problem is reported by a declared rule (none is dropped on the way). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RULES } from "../../src/validate/catalog.ts";
import { ASL_PROBLEM_RULE } from "../../src/validate/rules/asl/definition-problems.ts";

describe("ASL problems reach a rule", () => {
  it("maps each kind to a rule id the catalog declares", () => {
    const ids = new Set<string>(RULES.map((r) => r.id));
    for (const [kind, rule] of Object.entries(ASL_PROBLEM_RULE))
      assert.ok(ids.has(rule), `${kind} → ${rule}`);
  });
});
