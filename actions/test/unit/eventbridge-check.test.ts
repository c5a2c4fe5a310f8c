import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  checkPattern,
  formatPatternPath,
  parsePattern,
  type PatternPath,
} from "../../src/eventbridge/check.ts";
import { patternLocator } from "../../src/eventbridge/pattern-lines.ts";

/** Patterns EventBridge accepts: one per operator form, plus structure. */
const VALID: Array<[string, unknown]> = [
  ["exact strings", { source: ["aws.s3", "aws.ec2"] }],
  ["exact number, boolean and null", { detail: { n: [5, 3.018e2], b: [true, false], z: [null], e: [""] } }],
  ["big exact numbers (account ids) are not limited", { detail: { account: [123456789012345] } }],
  ["prefix", { time: [{ prefix: "2017-10-02" }] }],
  ["empty prefix", { time: [{ prefix: "" }] }],
  ["prefix ignoring case", { service: [{ prefix: { "equals-ignore-case": "eventb" } }] }],
  ["suffix", { FileName: [{ suffix: ".png" }] }],
  ["suffix ignoring case", { service: [{ suffix: { "equals-ignore-case": "tbridge" } }] }],
  ["equals-ignore-case", { name: [{ "equals-ignore-case": "alice" }] }],
  ["wildcard", { key: [{ wildcard: "scripts/*.py" }] }],
  ["wildcard with escapes", { key: [{ wildcard: "a\\*b\\\\c*" }] }],
  ["anything-but string", { state: [{ "anything-but": "initializing" }] }],
  ["anything-but number", { x: [{ "anything-but": 123 }] }],
  ["anything-but strings", { state: [{ "anything-but": ["stopped", "overloaded"] }] }],
  ["anything-but numbers", { x: [{ "anything-but": [100, 200, 300] }] }],
  ["anything-but prefix", { state: [{ "anything-but": { prefix: "init" } }] }],
  ["anything-but prefix list", { state: [{ "anything-but": { prefix: ["init", "stop"] } }] }],
  ["anything-but suffix", { FileName: [{ "anything-but": { suffix: ".png" } }] }],
  ["anything-but equals-ignore-case", { state: [{ "anything-but": { "equals-ignore-case": ["a", "B"] } }] }],
  ["anything-but wildcard", { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] }],
  ["numeric equals", { x: [{ numeric: ["=", 3.018e2] }] }],
  ["numeric lower bound", { x: [{ numeric: [">=", 0] }] }],
  ["numeric upper bound", { x: [{ numeric: ["<", 10] }] }],
  ["numeric range", { x: [{ numeric: [">", 0, "<=", 5] }] }],
  ["numeric range at the limits", { x: [{ numeric: [">=", -5e9, "<=", 5e9] }] }],
  ["numeric six decimals", { x: [{ numeric: ["<", 0.000001] }] }],
  ["cidr IPv4", { ip: [{ cidr: "10.0.0.0/24" }] }],
  ["cidr with host bits", { ip: [{ cidr: "10.0.0.5/24" }] }],
  ["cidr IPv6", { ip: [{ cidr: "2001:db8::/32" }] }],
  ["cidr /0", { ip: [{ cidr: "0.0.0.0/0" }] }],
  ["exists true", { detail: { state: [{ exists: true }] } }],
  ["exists false", { detail: { state: [{ exists: false }] } }],
  ["mixed values and operators", { key: ["a", { prefix: "b" }, 3, null] }],
  ["$or at the top", { source: ["a"], $or: [{ x: ["1"] }, { y: [{ numeric: [">", 1] }] }] }],
  [
    "nested $or",
    { detail: { $or: [{ a: ["x"] }, { b: ["y"], $or: [{ c: [1] }, { d: [{ exists: false }] }] }] } },
  ],
  [
    "the project's S3 trigger",
    {
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: { bucket: { name: ["b"] }, object: { key: [{ wildcard: "scripts/*.py" }] } },
    },
  ],
];

/** [case, pattern, expected path, a fragment every message for it must contain]. */
const INVALID: Array<[string, unknown, PatternPath, string]> = [
  ["not an object", ["source"], [], "must be a JSON object"],
  ["null", null, [], "must be a JSON object"],
  ["empty pattern", {}, [], "empty objects are not allowed"],
  ["empty nested object", { detail: {} }, ["detail"], "empty objects are not allowed"],
  ["bare string value", { source: "aws.s3" }, ["source"], 'write "source": ["aws.s3"]'],
  [
    "operator at field level",
    { key: { prefix: "a" } },
    ["key", "prefix"],
    "operators go inside the field's array",
  ],
  ["empty array", { source: [] }, ["source"], "empty arrays are not allowed"],
  ["nested array", { source: [["a"]] }, ["source", 0], "must be a string, number, true, false, null"],
  ["empty operator object", { source: [{}] }, ["source", 0], "empty operator object"],
  ["two operators in one object", { k: [{ prefix: "a", suffix: "b" }] }, ["k", 0], "exactly one operator"],
  ["misspelled prefix", { k: [{ prefx: "a" }] }, ["k", 0, "prefx"], 'did you mean "prefix"?'],
  ["wrong case", { k: [{ Prefix: "a" }] }, ["k", 0, "Prefix"], 'did you mean "prefix"?'],
  ["misspelled anything-but", { k: [{ anythingbut: "a" }] }, ["k", 0, "anythingbut"], '"anything-but"'],
  [
    "misspelled equals-ignore-case",
    { k: [{ "equals-ignorecase": "a" }] },
    ["k", 0, "equals-ignorecase"],
    '"equals-ignore-case"',
  ],
  [
    "unknown operator far from any",
    { k: [{ between: [1, 2] }] },
    ["k", 0, "between"],
    'unknown operator "between" (operators: prefix, suffix',
  ],
  ["regex is not supported", { k: [{ regex: "a.*" }] }, ["k", 0, "regex"], "no regular expressions"],
  [
    "exactly is Ruler-only",
    { k: [{ exactly: "a" }] },
    ["k", 0, "exactly"],
    'unknown operator "exactly"; to match a value exactly, list it',
  ],
  ["contains does not exist", { k: [{ contains: "a" }] }, ["k", 0, "contains"], '{"wildcard": "*text*"}'],
  ["begins-with means prefix", { k: [{ "begins-with": "a" }] }, ["k", 0, "begins-with"], 'use "prefix"'],
  ["$or inside a value array", { k: [{ $or: [] }] }, ["k", 0, "$or"], "cannot be used inside a value array"],
  ["prefix number", { k: [{ prefix: 1 }] }, ["k", 0, "prefix"], "prefix takes a string"],
  [
    "prefix with a wrong inner key",
    { k: [{ prefix: { "equals-ignore-cas": "a" } }] },
    ["k", 0, "prefix"],
    'did you mean "equals-ignore-case"?',
  ],
  [
    "suffix ignore-case number",
    { k: [{ suffix: { "equals-ignore-case": 1 } }] },
    ["k", 0, "suffix", "equals-ignore-case"],
    "takes a string",
  ],
  [
    "equals-ignore-case list",
    { k: [{ "equals-ignore-case": ["a"] }] },
    ["k", 0, "equals-ignore-case"],
    "takes a string",
  ],
  ["wildcard **", { k: [{ wildcard: "a**b" }] }, ["k", 0, "wildcard"], "consecutive '*' at character 2"],
  [
    "wildcard bad escape",
    { k: [{ wildcard: "a\\b" }] },
    ["k", 0, "wildcard"],
    "invalid escape at character 2",
  ],
  ["wildcard trailing backslash", { k: [{ wildcard: "a\\" }] }, ["k", 0, "wildcard"], "invalid escape"],
  ["wildcard number", { k: [{ wildcard: 5 }] }, ["k", 0, "wildcard"], "wildcard takes a string"],
  [
    "anything-but null",
    { k: [{ "anything-but": null }] },
    ["k", 0, "anything-but"],
    "anything-but takes a string, a number",
  ],
  ["anything-but boolean", { k: [{ "anything-but": true }] }, ["k", 0, "anything-but"], "got boolean true"],
  ["anything-but empty list", { k: [{ "anything-but": [] }] }, ["k", 0, "anything-but"], "empty list"],
  ["anything-but mixed list", { k: [{ "anything-but": ["a", 1] }] }, ["k", 0, "anything-but"], "not a mix"],
  [
    "anything-but list with null",
    { k: [{ "anything-but": ["a", null] }] },
    ["k", 0, "anything-but", 1],
    "only strings or only numbers",
  ],
  [
    "anything-but list of operators",
    { k: [{ "anything-but": [{ prefix: "a" }] }] },
    ["k", 0, "anything-but", 0],
    '{"anything-but": {"prefix": [...]}}',
  ],
  [
    "anything-but unknown nested",
    { k: [{ "anything-but": { prefx: "a" } }] },
    ["k", 0, "anything-but", "prefx"],
    'did you mean "prefix"?',
  ],
  [
    "anything-but nested numeric",
    { k: [{ "anything-but": { numeric: [">", 1] } }] },
    ["k", 0, "anything-but", "numeric"],
    'accepts one of "prefix"',
  ],
  [
    "anything-but two nested",
    { k: [{ "anything-but": { prefix: "a", suffix: "b" } }] },
    ["k", 0, "anything-but"],
    'found "prefix", "suffix"',
  ],
  [
    "anything-but empty prefix",
    { k: [{ "anything-but": { prefix: "" } }] },
    ["k", 0, "anything-but", "prefix"],
    "cannot be empty",
  ],
  [
    "anything-but suffix number",
    { k: [{ "anything-but": { suffix: 5 } }] },
    ["k", 0, "anything-but", "suffix"],
    "string or a non-empty list",
  ],
  [
    "anything-but wildcard list item",
    { k: [{ "anything-but": { wildcard: ["ok*", "a**"] } }] },
    ["k", 0, "anything-but", "wildcard", 1],
    "consecutive '*'",
  ],
  [
    "anything-but number too big",
    { k: [{ "anything-but": 6e9 }] },
    ["k", 0, "anything-but"],
    "outside the supported range",
  ],
  [
    "anything-but number too precise",
    { k: [{ "anything-but": [1, 0.1234567] }] },
    ["k", 0, "anything-but", 1],
    "more than 6 decimal places",
  ],
  ["numeric not an array", { k: [{ numeric: 5 }] }, ["k", 0, "numeric"], "numeric takes"],
  ["numeric empty", { k: [{ numeric: [] }] }, ["k", 0, "numeric"], "empty array"],
  ["numeric =>", { k: [{ numeric: ["=>", 5] }] }, ["k", 0, "numeric", 0], 'did you mean ">="?'],
  ["numeric ==", { k: [{ numeric: ["==", 5] }] }, ["k", 0, "numeric", 0], 'use "="'],
  ["numeric !=", { k: [{ numeric: ["!=", 5] }] }, ["k", 0, "numeric", 0], "anything-but"],
  [
    "numeric value is a string",
    { k: [{ numeric: [">", "5"] }] },
    ["k", 0, "numeric", 1],
    "must be followed by a number",
  ],
  [
    "numeric operator without a value",
    { k: [{ numeric: [">"] }] },
    ["k", 0, "numeric"],
    "must be followed by a number",
  ],
  [
    "numeric = with more",
    { k: [{ numeric: ["=", 5, "<", 6] }] },
    ["k", 0, "numeric", 2],
    '"=" takes exactly one number',
  ],
  [
    "numeric upper bound first",
    { k: [{ numeric: ["<", 5, ">", 1] }] },
    ["k", 0, "numeric", 2],
    "upper bound must come last",
  ],
  [
    "numeric two lower bounds",
    { k: [{ numeric: [">", 1, ">=", 2] }] },
    ["k", 0, "numeric", 2],
    "a range is a lower bound",
  ],
  [
    "numeric too many",
    { k: [{ numeric: [">", 1, "<", 2, "<", 3] }] },
    ["k", 0, "numeric", 4],
    "too many elements",
  ],
  [
    "numeric empty range",
    { k: [{ numeric: [">", 5, "<", 5] }] },
    ["k", 0, "numeric"],
    "must be less than the upper bound",
  ],
  [
    "numeric out of range",
    { k: [{ numeric: ["<", 6e9] }] },
    ["k", 0, "numeric", 1],
    "outside the supported range",
  ],
  [
    "numeric too precise",
    { k: [{ numeric: ["=", 1.5e-7] }] },
    ["k", 0, "numeric", 1],
    "more than 6 decimal places",
  ],
  [
    "numeric nothing above the top",
    { k: [{ numeric: [">", 5e9] }] },
    ["k", 0, "numeric"],
    "nothing is above",
  ],
  ["cidr number", { k: [{ cidr: 10 }] }, ["k", 0, "cidr"], "cidr takes a string"],
  ["cidr without mask", { k: [{ cidr: "10.0.0.0" }] }, ["k", 0, "cidr"], "exactly one '/'"],
  ["cidr bad mask", { k: [{ cidr: "10.0.0.0/x" }] }, ["k", 0, "cidr"], "whole number"],
  ["cidr bad address", { k: [{ cidr: "10.0.0.256/8" }] }, ["k", 0, "cidr"], "not an IPv4 or IPv6 address"],
  ["cidr hostname", { k: [{ cidr: "example.com/8" }] }, ["k", 0, "cidr"], "not an IPv4 or IPv6 address"],
  [
    "cidr IPv4 /32",
    { k: [{ cidr: "10.0.0.1/32" }] },
    ["k", 0, "cidr"],
    'list it as an exact value: ["10.0.0.1"]',
  ],
  ["cidr IPv4 /33", { k: [{ cidr: "10.0.0.1/33" }] }, ["k", 0, "cidr"], "masks 0-31"],
  ["cidr IPv6 /128", { k: [{ cidr: "::1/128" }] }, ["k", 0, "cidr"], "IPv6 masks 0-127"],
  [
    "cidr IPv6 with two ::",
    { k: [{ cidr: "2001::db8::1/64" }] },
    ["k", 0, "cidr"],
    "not an IPv4 or IPv6 address",
  ],
  ["exists string", { k: [{ exists: "true" }] }, ["k", 0, "exists"], "not a string"],
  ["exists number", { k: [{ exists: 1 }] }, ["k", 0, "exists"], "exists takes true or false"],
  ["$or not an array", { $or: { a: ["x"] } }, ["$or"], "$or must be an array"],
  ["$or with one", { $or: [{ a: ["x"] }] }, ["$or"], "at least 2 sub-patterns"],
  ["$or with a non-object", { $or: [{ a: ["x"] }, ["b"]] }, ["$or", 1], "must be an object of fields"],
  ["$or with an empty object", { $or: [{ a: ["x"] }, {}] }, ["$or", 1], "empty objects are not allowed"],
  [
    "operator name as a field in $or",
    { $or: [{ numeric: [1] }, { b: ["x"] }] },
    ["$or", 0, "numeric"],
    "cannot be used as a field name inside $or",
  ],
  [
    "reserved name deep in $or",
    { $or: [{ a: { "<": [1] } }, { b: ["x"] }] },
    ["$or", 0, "a", "<"],
    "inside $or",
  ],
];

describe("checkPattern accepts every operator EventBridge supports", () => {
  for (const [name, pattern] of VALID) {
    it(name, () => assert.deepEqual(checkPattern(pattern), []));
  }
});

describe("checkPattern rejects what EventBridge rejects, saying where and why", () => {
  for (const [name, pattern, path, fragment] of INVALID) {
    it(name, () => {
      const problems = checkPattern(pattern);
      assert.ok(problems.length > 0, "expected a problem");
      const atPath = problems.find((p) => JSON.stringify(p.path) === JSON.stringify(path));
      assert.ok(atPath, `no problem at ${JSON.stringify(path)}; got ${JSON.stringify(problems)}`);
      assert.ok(
        atPath.message.includes(fragment),
        `message ${JSON.stringify(atPath.message)} lacks ${fragment}`,
      );
    });
  }
});

describe("checkPattern reports every problem, not just the first", () => {
  it("collects problems from several fields", () => {
    const problems = checkPattern({ a: [], b: [{ prefx: "x" }], c: { d: "x" } });
    assert.deepEqual(
      problems.map((p) => p.path),
      [["a"], ["b", 0, "prefx"], ["c", "d"]],
    );
  });
  it("accepts operator names as ordinary field names outside $or", () => {
    assert.deepEqual(
      checkPattern({ prefix: ["a"] }),
      [],
      "an operator-like name is a fine field outside $or",
    );
  });
});

describe("parsePattern", () => {
  it("parses a valid pattern", () => {
    const { pattern, problems } = parsePattern('{"source": ["aws.s3"]}');
    assert.deepEqual(problems, []);
    assert.deepEqual(pattern, { source: ["aws.s3"] });
  });

  const jsonErrors: Array<[string, string, string]> = [
    ["missing value", '{\n  "source": \n}', "line 3, column 1"],
    ["trailing comma", '{\n  "source": ["a",]\n}', "line 2, column 18: trailing comma"],
    ["single quotes", "{'source': ['a']}", 'line 1, column 2: unexpected "\'"; expected a property name'],
    ["unterminated", '{"source": ["a"]', "line 1, column 17: unexpected end of input"],
    ["extra content", '{"a": ["b"]} x', 'line 1, column 14: unexpected "x" after the end'],
    ["empty text", "", "line 1, column 1"],
    ["bad escape", '{"a": ["\\x"]}', "invalid escape \\x"],
    ["bare word", '{"a": [yes]}', "line 1, column 8"],
  ];
  for (const [name, text, fragment] of jsonErrors) {
    it(`reports invalid JSON with line and column: ${name}`, () => {
      const { pattern, problems } = parsePattern(text);
      assert.equal(pattern, null);
      assert.equal(problems.length, 1);
      assert.deepEqual(problems[0]?.path, []);
      assert.ok(problems[0]?.message.includes(fragment), problems[0]?.message);
    });
  }

  it("refuses a hostile nesting up front, with its line and column, instead of overflowing the stack", () => {
    const deep = `${'{"a":'.repeat(100_000)}["x"]${"}".repeat(100_000)}`;
    const { pattern, problems } = parsePattern(deep);
    assert.equal(pattern, null);
    assert.ok(
      problems.some((p) => /nests deeper than 64 levels \(line 1, column 321\)/.test(p.message)),
      JSON.stringify(problems),
    );
    // Brackets inside strings do not count.
    assert.deepEqual(parsePattern(JSON.stringify({ source: ["[[[[".repeat(40)] })).problems, []);
  });

  it("enforces the 4096-character limit on the text, whitespace included", () => {
    const pattern = JSON.stringify({ source: ["aws.s3"] });
    const padded = pattern.replace("{", "{" + " ".repeat(4097 - pattern.length));
    assert.equal(padded.length, 4097);
    const { problems } = parsePattern(padded);
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? "", /4097 characters long; EventBridge accepts at most 4096/);
    const exact = pattern.replace("{", "{" + " ".repeat(4096 - pattern.length));
    assert.deepEqual(parsePattern(exact).problems, []);
  });

  it("still checks structure when the text is too long", () => {
    const { problems } = parsePattern(JSON.stringify({ a: [], pad: ["x".repeat(5000)] }));
    assert.deepEqual(
      problems.map((p) => p.path),
      [[], ["a"]],
    );
  });

  it("accepts a byte-order mark", () => {
    assert.deepEqual(parsePattern('\uFEFF{"a": ["b"]}').problems, []);
  });

  it("returns the object with its problems, and null for non-objects", () => {
    assert.deepEqual(parsePattern('{"a": []}').pattern, { a: [] });
    assert.equal(parsePattern('["a"]').pattern, null);
  });
});

describe("formatPatternPath", () => {
  it("prints dotted paths with indexes and quotes odd keys", () => {
    assert.equal(formatPatternPath(["detail", "object", "key", 0, "prefix"]), "detail.object.key[0].prefix");
    assert.equal(formatPatternPath(["detail-type"]), "detail-type");
    assert.equal(formatPatternPath(["a.b", "c d"]), '["a.b"]["c d"]');
    assert.equal(formatPatternPath([]), "(pattern)");
  });
});

describe("patternLocator", () => {
  const text = '{\n  "detail": {\n    "key": [\n      { "prefx": "a" },\n      "b"\n    ]\n  }\n}\n';
  const locate = patternLocator(text);
  it("maps a problem path to the line and column of its value", () => {
    assert.deepEqual(locate(["detail", "key", 0, "prefx"]), { line: 4, column: 18 });
    assert.deepEqual(locate(["detail", "key", 1]), { line: 5, column: 7 });
  });
  it("falls back to the deepest part of the path that exists", () => {
    assert.deepEqual(locate(["detail", "key", 7, "x"]), { line: 3, column: 12 });
  });
  it("gives null when the text does not parse", () => {
    assert.equal(patternLocator('{"a": [')(["a"]), null);
  });
});
