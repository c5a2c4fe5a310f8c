import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import {
  aslAjvInstancesCreated,
  checkStateMachineDefinition,
  validateAslDefinition,
  type AslContext,
} from "../../src/asl/index.ts";
import { DEFINITIONS, pass } from "../helpers/asl-definitions.ts";

// The package itself, called the way its README shows: the reference for parity.
type PackageValidator = (definition: unknown) => { isValid: boolean; errors: unknown[] };
const packageValidator = createRequire(import.meta.url)("asl-validator") as PackageValidator;

const NO_PIPELINE: AslContext = {
  bucket: null,
  uploadedKeys: new Set(),
  triggerKeys: [],
  sampleEvent: () => ({}),
};

describe("validateAslDefinition parity with asl-validator", () => {
  for (const [name, definition] of Object.entries(DEFINITIONS)) {
    it(`returns the package's errors: ${name}`, () => {
      const expected = packageValidator(structuredClone(definition)).errors;
      assert.deepEqual(validateAslDefinition(definition), expected);
    });
  }

  it("covers valid and invalid definitions (the parity set is not trivially empty)", () => {
    const invalid = Object.values(DEFINITIONS).filter((d) => validateAslDefinition(d).length > 0);
    assert.ok(invalid.length >= 12, `only ${invalid.length} invalid definitions`);
    assert.deepEqual(validateAslDefinition(DEFINITIONS["valid Pass"]), []);
  });

  it("does not mutate the definition (asl-validator writes QueryLanguage into every state)", () => {
    const definition = { StartAt: "A", States: { A: pass() } };
    validateAslDefinition(definition);
    assert.deepEqual(definition, { StartAt: "A", States: { A: pass() } });
  });

  it("builds its Ajv instance once, however many definitions it validates", () => {
    for (let i = 0; i < 5; i += 1)
      for (const definition of Object.values(DEFINITIONS)) validateAslDefinition(definition);
    assert.equal(aslAjvInstancesCreated(), 1);
  });
});

describe("checkStateMachineDefinition: asl/invalid", () => {
  const check = (definition: unknown) =>
    checkStateMachineDefinition(JSON.stringify(definition, null, 2), NO_PIPELINE);

  it("refuses a definition nested deeper than any state machine, before recursing into it", () => {
    const deep = `{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)},"End":true}}}`;
    const problems = checkStateMachineDefinition(deep, NO_PIPELINE);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.kind, "definition");
    assert.match(problems[0]?.message ?? "", /nests deeper than 256 levels \(line 1, column \d+\)/);
  });

  it("reports text that is not JSON once, with line and column", () => {
    const problems = checkStateMachineDefinition('{\n  "StartAt": "A",\n  "States": {,}\n}', NO_PIPELINE);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.kind, "definition");
    assert.deepEqual(problems[0]?.path, []);
    assert.match(problems[0]?.message ?? "", /not valid JSON: .* at line 3, column 14$/);
  });

  it("reports truncated JSON at its end", () => {
    const [problem] = checkStateMachineDefinition('{\n  "StartAt": "A"', NO_PIPELINE);
    assert.match(problem?.message ?? "", /at line 2, column 17$/);
  });

  it("prefixes messages with the asl-validator error code", () => {
    const problems = check(DEFINITIONS["unreachable state"]);
    assert.deepEqual(
      problems.map((p) => [p.kind, p.severity, p.message]),
      [["definition", "error", "MISSING_TRANSITION_TARGET: State Orphan is not reachable"]],
    );
  });

  // Each error gets a location; the echo of a failed oneOf on a valid Type is dropped.
  const paths: [string, (string | number)[][]][] = [
    ["bad ResultPath", [["States", "A", "ResultPath"]]],
    [
      "unknown Type",
      [
        ["States", "A", "Type"],
        ["States", "A"],
      ],
    ],
    ["missing StartAt", [[]]],
    ["unreachable state", [["States", "Orphan"]]],
    ["missing Next target", [["States", "A", "Next"], ["States"]]],
    ["Fail with Cause and CausePath", [["States", "F"]]],
    ["Wait with Seconds and Timestamp", [["States", "W"]]],
    ["duplicate payload field", [["States", "A", "Parameters", "a.$"]]],
    ["duplicate state names across branches", [["States", "P", "Branches", 1, "States", "X"]]],
    [
      "branch transition out of its branch",
      [
        ["States", "P", "Branches", 0, "States", "X", "Next"],
        ["States", "P", "Branches", 0, "States"],
      ],
    ],
    ["no terminal state", [["States"]]],
    ["both End and Next", [["States", "A"]]],
  ];
  for (const [name, expected] of paths) {
    it(`maps each error to a path in the document: ${name}`, () => {
      assert.deepEqual(
        check(DEFINITIONS[name]).map((p) => p.path),
        expected,
      );
    });
  }

  it("maps a schema error inside a JSON pointer-escaped state name", () => {
    const problems = check({ StartAt: "a/b~c", States: { "a/b~c": pass({ ResultPath: "nope" }) } });
    assert.deepEqual(
      problems.map((p) => p.path),
      [["States", "a/b~c", "ResultPath"]],
    );
  });

  it("keeps asl-validator's Type error when the Type really is wrong", () => {
    const messages = check(DEFINITIONS["unknown Type"]).map((p) => p.message);
    assert.ok(
      messages.includes(
        "SCHEMA_VALIDATION_FAILED: /States/A/Type is invalid. must be equal to one of the allowed values",
      ),
    );
  });

  it("blames the machine's QueryLanguage, which asl-validator copies into each state, and reports it once", () => {
    const problems = check({ QueryLanguage: "YAMLPath", StartAt: "A", States: { A: pass() } });
    const onLanguage = problems.filter((p) => p.message.includes("/QueryLanguage"));
    assert.deepEqual(
      onLanguage.map((p) => p.path),
      [["QueryLanguage"]],
    );
  });
});
