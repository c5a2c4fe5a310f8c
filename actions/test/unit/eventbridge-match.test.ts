import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkPattern, type EventPattern } from "../../src/eventbridge/check.ts";
import { firstMismatch, matchesPattern } from "../../src/eventbridge/match.ts";
import { s3ObjectCreatedEvent } from "../../src/eventbridge/s3-event.ts";

/** The EC2 event from the EventBridge user guide ("Creating event patterns"). */
const EC2 = {
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "111122223333",
  time: "2017-12-22T18:43:48Z",
  region: "us-west-1",
  resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  detail: { "instance-id": "i-1234567890abcdef0", state: "terminated" },
};

const withDetail = (detail: Record<string, unknown>) => ({ ...EC2, detail });

interface Case {
  name: string;
  pattern: EventPattern;
  event: unknown;
  match: boolean;
}

const CASES: Case[] = [
  // Event pattern basics (AND across fields, OR within an array).
  {
    name: "docs: EC2 termination pattern",
    pattern: {
      source: ["aws.ec2"],
      "detail-type": ["EC2 Instance State-change Notification"],
      detail: { state: ["terminated"] },
    },
    event: EC2,
    match: true,
  },
  { name: "OR within a field", pattern: { source: ["aws.ec2", "aws.fargate"] }, event: EC2, match: true },
  {
    name: "AND across fields: one field differs",
    pattern: { source: ["aws.ec2"], detail: { state: ["running"] } },
    event: EC2,
    match: false,
  },
  {
    name: "a field missing from the event fails",
    pattern: { detail: { zone: ["a"] } },
    event: EC2,
    match: false,
  },
  { name: "values are case sensitive", pattern: { source: ["AWS.EC2"] }, event: EC2, match: false },
  // Arrays (user guide, "Arrays in event patterns").
  {
    name: "docs: event array intersects the pattern array",
    pattern: {
      resources: [
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
      ],
    },
    event: {
      resources: [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b:autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
      ],
    },
    match: true,
  },
  { name: "array with no common element", pattern: { resources: ["x"] }, event: EC2, match: false },
  {
    name: "nested arrays in the event are flattened",
    pattern: { tags: ["x"] },
    event: { tags: [["a"], ["x"]] },
    match: true,
  },
  // Arrays of objects (Ruler README, "JSON Array Matching"): looked into, one element at a time.
  {
    name: "array of objects: a field of one element",
    pattern: { employees: { firstName: ["Anna"] } },
    event: {
      employees: [
        { firstName: "John", lastName: "Doe" },
        { firstName: "Anna", lastName: "Smith" },
      ],
    },
    match: true,
  },
  {
    name: "array of objects: both fields from the same element",
    pattern: { employees: { firstName: ["Anna"], lastName: ["Smith"] } },
    event: {
      employees: [
        { firstName: "John", lastName: "Doe" },
        { firstName: "Anna", lastName: "Smith" },
      ],
    },
    match: true,
  },
  {
    name: "array of objects: fields from different elements never combine",
    pattern: { employees: { firstName: ["Anna"], lastName: ["Doe"] } },
    event: {
      employees: [
        { firstName: "John", lastName: "Doe" },
        { firstName: "Anna", lastName: "Smith" },
      ],
    },
    match: false,
  },
  {
    name: "multi-level arrays of objects",
    pattern: { employees: { firstName: ["Peter"] } },
    event: { employees: [[{ firstName: "John" }], [{ firstName: "Peter" }]] },
    match: true,
  },
  // Null and empty strings (user guide).
  {
    name: "docs: empty string",
    pattern: { detail: { eventVersion: [""] } },
    event: withDetail({ eventVersion: "" }),
    match: true,
  },
  {
    name: "docs: null",
    pattern: { detail: { responseElements: [null] } },
    event: withDetail({ responseElements: null }),
    match: true,
  },
  {
    name: "docs: empty string does not match null",
    pattern: { detail: { r: [""] } },
    event: withDetail({ r: null }),
    match: false,
  },
  {
    name: "null does not match empty string",
    pattern: { detail: { r: [null] } },
    event: withDetail({ r: "" }),
    match: false,
  },
  {
    name: "null does not match a missing field",
    pattern: { detail: { r: [null] } },
    event: withDetail({}),
    match: false,
  },
  // Numbers and booleans.
  {
    name: "numbers compare as doubles: 3.0e2 equals 300",
    pattern: { detail: { n: [300] } },
    event: withDetail({ n: 3.0e2 }),
    match: true,
  },
  {
    name: "a number does not equal its string",
    pattern: { detail: { n: [5] } },
    event: withDetail({ n: "5" }),
    match: false,
  },
  {
    name: "true does not equal 1",
    pattern: { detail: { b: [1] } },
    event: withDetail({ b: true }),
    match: false,
  },
  {
    name: "1 does not equal true",
    pattern: { detail: { b: [true] } },
    event: withDetail({ b: 1 }),
    match: false,
  },
  {
    name: "false matches false",
    pattern: { detail: { b: [false] } },
    event: withDetail({ b: false }),
    match: true,
  },
  // Prefix, suffix, equals-ignore-case, wildcard.
  { name: "docs: prefix", pattern: { time: [{ prefix: "2017-12-22" }] }, event: EC2, match: true },
  { name: "prefix does not match", pattern: { time: [{ prefix: "2017-10-02" }] }, event: EC2, match: false },
  {
    name: "prefix only works on strings",
    pattern: { detail: { n: [{ prefix: "1" }] } },
    event: withDetail({ n: 12 }),
    match: false,
  },
  {
    name: "docs: prefix ignoring case",
    pattern: { detail: { service: [{ prefix: { "equals-ignore-case": "eventb" } }] } },
    event: withDetail({ service: "EventBridge" }),
    match: true,
  },
  {
    name: "docs: suffix",
    pattern: { detail: { FileName: [{ suffix: ".png" }] } },
    event: withDetail({ FileName: "a.png" }),
    match: true,
  },
  {
    name: "suffix does not match",
    pattern: { detail: { FileName: [{ suffix: ".png" }] } },
    event: withDetail({ FileName: "a.PNG" }),
    match: false,
  },
  {
    name: "docs: suffix ignoring case",
    pattern: { detail: { service: [{ suffix: { "equals-ignore-case": "tbridge" } }] } },
    event: withDetail({ service: "EventBRIDGE" }),
    match: true,
  },
  {
    name: "docs: equals-ignore-case",
    pattern: { detail: { name: [{ "equals-ignore-case": "alice" }] } },
    event: withDetail({ name: "ALICE" }),
    match: true,
  },
  {
    name: "equals-ignore-case is still equality",
    pattern: { detail: { name: [{ "equals-ignore-case": "alice" }] } },
    event: withDetail({ name: "Alice B" }),
    match: false,
  },
  {
    name: "docs: wildcard .png within dir",
    pattern: { detail: { FilePath: [{ wildcard: "dir/*.png" }] } },
    event: withDetail({ FilePath: "dir/sub/dir/a.png" }),
    match: true,
  },
  {
    name: "wildcard does not match outside dir",
    pattern: { detail: { FilePath: [{ wildcard: "dir/*.png" }] } },
    event: withDetail({ FilePath: "other/a.png" }),
    match: false,
  },
  {
    name: "wildcard *Title*",
    pattern: { detail: { t: [{ wildcard: "*Title*" }] } },
    event: withDetail({ t: "A Title here" }),
    match: true,
  },
  {
    name: "wildcard star matches nothing",
    pattern: { detail: { t: [{ wildcard: "a*b" }] } },
    event: withDetail({ t: "ab" }),
    match: true,
  },
  {
    name: "wildcard escaped star is literal",
    pattern: { detail: { t: [{ wildcard: "a\\*b" }] } },
    event: withDetail({ t: "axb" }),
    match: false,
  },
  {
    name: "wildcard escaped star matches a star",
    pattern: { detail: { t: [{ wildcard: "a\\*b" }] } },
    event: withDetail({ t: "a*b" }),
    match: true,
  },
  {
    name: "wildcard crosses newlines",
    pattern: { detail: { t: [{ wildcard: "a*b" }] } },
    event: withDetail({ t: "a\nb" }),
    match: true,
  },
  // Anything-but.
  {
    name: "docs: anything-but string",
    pattern: { detail: { state: [{ "anything-but": "initializing" }] } },
    event: EC2,
    match: true,
  },
  {
    name: "anything-but excludes its value",
    pattern: { detail: { state: [{ "anything-but": "terminated" }] } },
    event: EC2,
    match: false,
  },
  {
    name: "anything-but needs the field",
    pattern: { detail: { zone: [{ "anything-but": "a" }] } },
    event: EC2,
    match: false,
  },
  {
    name: "docs: anything-but number",
    pattern: { detail: { x: [{ "anything-but": 123 }] } },
    event: withDetail({ x: 124 }),
    match: true,
  },
  {
    name: "docs: anything-but list of strings",
    pattern: { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } },
    event: withDetail({ state: "overloaded" }),
    match: false,
  },
  {
    name: "docs: anything-but list of numbers",
    pattern: { detail: { x: [{ "anything-but": [100, 200, 300] }] } },
    event: withDetail({ x: 3e2 }),
    match: false,
  },
  {
    name: "anything-but matches a value of another type",
    pattern: { detail: { x: [{ "anything-but": [5] }] } },
    event: withDetail({ x: "5" }),
    match: true,
  },
  {
    name: "anything-but 1 matches true",
    pattern: { detail: { x: [{ "anything-but": 1 }] } },
    event: withDetail({ x: true }),
    match: true,
  },
  {
    name: "anything-but matches null",
    pattern: { detail: { x: [{ "anything-but": "a" }] } },
    event: withDetail({ x: null }),
    match: true,
  },
  {
    name: "anything-but on an array: any other element matches",
    pattern: { detail: { x: [{ "anything-but": "a" }] } },
    event: withDetail({ x: ["a", "b"] }),
    match: true,
  },
  {
    name: "anything-but on an array of only excluded",
    pattern: { detail: { x: [{ "anything-but": "a" }] } },
    event: withDetail({ x: ["a"] }),
    match: false,
  },
  {
    name: "anything-but on an empty array",
    pattern: { detail: { x: [{ "anything-but": "a" }] } },
    event: withDetail({ x: [] }),
    match: false,
  },
  {
    name: "docs: anything-but prefix",
    pattern: { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
    event: withDetail({ state: "initializing" }),
    match: false,
  },
  {
    name: "anything-but prefix lets others through",
    pattern: { region: [{ "anything-but": { prefix: "us-" } }] },
    event: { region: "eu-west-1" },
    match: true,
  },
  {
    name: "anything-but suffix",
    pattern: { f: [{ "anything-but": { suffix: ".png" } }] },
    event: { f: "a.png" },
    match: false,
  },
  {
    name: "anything-but equals-ignore-case",
    pattern: { state: [{ "anything-but": { "equals-ignore-case": ["initializing", "stopped"] } }] },
    event: { state: "INITIALIZING" },
    match: false,
  },
  {
    name: "anything-but wildcard",
    pattern: { p: [{ "anything-but": { wildcard: "*/lib/*" } }] },
    event: { p: "/usr/lib/x" },
    match: false,
  },
  {
    name: "anything-but wildcard lets others through",
    pattern: { p: [{ "anything-but": { wildcard: "*/lib/*" } }] },
    event: { p: "/usr/bin/x" },
    match: true,
  },
  // Numeric.
  {
    name: "docs: numeric range and bounds",
    pattern: {
      detail: {
        "c-count": [{ numeric: [">", 0, "<=", 5] }],
        "d-count": [{ numeric: ["<", 10] }],
        "x-limit": [{ numeric: ["=", 3.018e2] }],
      },
    },
    event: withDetail({ "c-count": 5, "d-count": 3, "x-limit": 301.8 }),
    match: true,
  },
  {
    name: "numeric: open lower bound excludes it",
    pattern: { n: [{ numeric: [">", 0, "<=", 5] }] },
    event: { n: 0 },
    match: false,
  },
  {
    name: "numeric: above the range",
    pattern: { n: [{ numeric: [">", 0, "<=", 5] }] },
    event: { n: 5.000001 },
    match: false,
  },
  {
    name: "numeric only matches numbers",
    pattern: { n: [{ numeric: [">", 0] }] },
    event: { n: "5" },
    match: false,
  },
  {
    name: "numeric does not treat true as 1",
    pattern: { n: [{ numeric: [">", 0] }] },
    event: { n: true },
    match: false,
  },
  {
    name: "numeric works within -5e9..5e9",
    pattern: { n: [{ numeric: [">", 0] }] },
    event: { n: 5e9 },
    match: true,
  },
  {
    name: "numeric ignores values beyond 5e9",
    pattern: { n: [{ numeric: [">", 0] }] },
    event: { n: 6e9 },
    match: false,
  },
  {
    name: "numeric on an array: any element",
    pattern: { n: [{ numeric: [">=", 10] }] },
    event: { n: [1, 10] },
    match: true,
  },
  // IP addresses.
  {
    name: "docs: cidr",
    pattern: { ip: [{ cidr: "10.0.0.0/24" }] },
    event: { ip: "10.0.0.255" },
    match: true,
  },
  {
    name: "cidr outside the block",
    pattern: { ip: [{ cidr: "10.0.0.0/24" }] },
    event: { ip: "10.0.1.0" },
    match: false,
  },
  {
    name: "cidr IPv6",
    pattern: { ip: [{ cidr: "2001:db8::/32" }] },
    event: { ip: "2001:db8:ffff::1" },
    match: true,
  },
  {
    name: "cidr IPv6 outside",
    pattern: { ip: [{ cidr: "2001:db8::/32" }] },
    event: { ip: "2001:db9::1" },
    match: false,
  },
  {
    name: "cidr does not cross families",
    pattern: { ip: [{ cidr: "0.0.0.0/0" }] },
    event: { ip: "::1" },
    match: false,
  },
  {
    name: "cidr ignores non-addresses",
    pattern: { ip: [{ cidr: "0.0.0.0/0" }] },
    event: { ip: "localhost" },
    match: false,
  },
  {
    name: "cidr with host bits matches up from the address",
    pattern: { ip: [{ cidr: "10.0.0.5/24" }] },
    event: { ip: "10.0.0.9" },
    match: true,
  },
  {
    name: "cidr with host bits: below the address (Ruler)",
    pattern: { ip: [{ cidr: "10.0.0.5/24" }] },
    event: { ip: "10.0.0.4" },
    match: false,
  },
  {
    name: "an exact IP matches another spelling of it",
    pattern: { ip: ["2001:db8::1"] },
    event: { ip: "2001:0db8:0:0:0:0:0:0001" },
    match: true,
  },
  // Exists (leaf values only).
  { name: "docs: exists true", pattern: { detail: { state: [{ exists: true }] } }, event: EC2, match: true },
  {
    name: "docs: exists true, field absent",
    pattern: { detail: { state: [{ exists: true }] } },
    event: withDetail({ "c-count": { c1: 100 } }),
    match: false,
  },
  {
    name: "docs: exists false, field absent",
    pattern: { detail: { "c-count": [{ exists: false }] } },
    event: withDetail({ state: "x" }),
    match: true,
  },
  {
    name: "docs: exists false, field is not a leaf",
    pattern: { detail: { "c-count": [{ exists: false }] } },
    event: withDetail({ "c-count": { c1: 100 } }),
    match: true,
  },
  {
    name: "exists false, field present",
    pattern: { detail: { state: [{ exists: false }] } },
    event: EC2,
    match: false,
  },
  {
    name: "exists true on null",
    pattern: { detail: { x: [{ exists: true }] } },
    event: withDetail({ x: null }),
    match: true,
  },
  {
    name: "exists true on an empty array",
    pattern: { detail: { x: [{ exists: true }] } },
    event: withDetail({ x: [] }),
    match: false,
  },
  {
    name: "exists false on an empty array",
    pattern: { detail: { x: [{ exists: false }] } },
    event: withDetail({ x: [] }),
    match: true,
  },
  {
    name: "exists true on an empty object",
    pattern: { detail: { x: [{ exists: true }] } },
    event: withDetail({ x: {} }),
    match: false,
  },
  {
    name: "exists false on an empty object",
    pattern: { detail: { x: [{ exists: false }] } },
    event: withDetail({ x: {} }),
    match: true,
  },
  {
    name: "exists false when the parent is missing",
    pattern: { detail: { a: { b: [{ exists: false }] } } },
    event: EC2,
    match: true,
  },
  {
    name: "exists false when the parent is a string",
    pattern: { detail: { b: [{ exists: false }] } },
    event: { detail: "x" },
    match: true,
  },
  {
    name: "exists false or a value",
    pattern: { detail: { x: [{ exists: false }, "a"] } },
    event: withDetail({ x: "a" }),
    match: true,
  },
  // $or (Ruler README and user guide).
  {
    name: "docs: source AND (metricName OR namespace), first alternative",
    pattern: {
      source: ["aws.cloudwatch"],
      $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }],
    },
    event: { source: "aws.cloudwatch", metricName: "ReadLatency" },
    match: true,
  },
  {
    name: "docs: source AND (metricName OR namespace), second alternative",
    pattern: {
      source: ["aws.cloudwatch"],
      $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }],
    },
    event: { source: "aws.cloudwatch", namespace: "AWS/ES" },
    match: true,
  },
  {
    name: "$or: no alternative",
    pattern: {
      source: ["aws.cloudwatch"],
      $or: [{ metricName: ["CPUUtilization"] }, { namespace: ["AWS/EC2"] }],
    },
    event: { source: "aws.cloudwatch", namespace: "AWS/ES" },
    match: false,
  },
  {
    name: "$or: AND still applies outside it",
    pattern: {
      source: ["aws.cloudwatch"],
      $or: [{ metricName: ["CPUUtilization"] }, { namespace: ["AWS/EC2"] }],
    },
    event: { source: "aws.ec2", namespace: "AWS/EC2" },
    match: false,
  },
  {
    name: "nested $or inside detail",
    pattern: { detail: { $or: [{ a: [1] }, { b: [2], $or: [{ c: [3] }, { d: [{ exists: false }] }] }] } },
    event: { detail: { b: 2 } },
    match: true,
  },
  {
    name: "docs: complex example",
    pattern: {
      time: [{ prefix: "2017-10-02" }],
      detail: {
        state: [{ "anything-but": "initializing" }],
        "c-count": [{ numeric: [">", 0, "<=", 5] }],
        "d-count": [{ numeric: ["<", 10] }],
        "x-limit": [{ "anything-but": [100, 200, 300] }],
      },
    },
    event: {
      time: "2017-10-02T16:24:49Z",
      detail: { state: "running", "c-count": 5, "d-count": 3, "x-limit": 301.8 },
    },
    match: true,
  },
];

describe("matchesPattern follows the documented EventBridge semantics", () => {
  for (const c of CASES) {
    it(c.name, () => {
      assert.deepEqual(checkPattern(c.pattern), [], "the case's pattern must be valid");
      assert.equal(matchesPattern(c.pattern, c.event), c.match);
      assert.equal(firstMismatch(c.pattern, c.event) === null, c.match, "firstMismatch agrees");
    });
  }
});

describe("the project's S3 trigger pattern", () => {
  const pattern = {
    source: ["aws.s3"],
    "detail-type": ["Object Created"],
    detail: { bucket: { name: ["b"] }, object: { key: [{ wildcard: "scripts/*.py" }] } },
  };
  it("matches a real-shaped Object Created event for scripts/job.py", () => {
    assert.equal(
      matchesPattern(pattern, s3ObjectCreatedEvent({ bucket: "b", key: "scripts/job.py", size: 8 })),
      true,
    );
  });
  it("does not match input/trips.csv", () => {
    assert.equal(
      matchesPattern(pattern, s3ObjectCreatedEvent({ bucket: "b", key: "input/trips.csv", size: 8 })),
      false,
    );
  });
  it("does not match the same key in another bucket", () => {
    assert.equal(
      matchesPattern(pattern, s3ObjectCreatedEvent({ bucket: "c", key: "scripts/job.py" })),
      false,
    );
  });
});

describe("firstMismatch says which field failed", () => {
  const pattern = {
    source: ["aws.s3"],
    detail: { object: { key: [{ prefix: "scripts/" }] }, reason: ["PutObject"] },
  };
  it("names the first failing leaf and its value", () => {
    const m = firstMismatch(pattern, s3ObjectCreatedEvent({ bucket: "b", key: "input/trips.csv" }));
    assert.deepEqual(m?.path, ["detail", "object", "key"]);
    assert.match(m?.reason ?? "", /value "input\/trips.csv" does not match \[\{"prefix":"scripts\/"\}\]/);
  });
  it("says when a field is missing", () => {
    const m = firstMismatch({ detail: { zone: ["a"] } }, EC2);
    assert.deepEqual(m, {
      path: ["detail", "zone"],
      reason: 'missing from the event (the pattern wants ["a"])',
    });
  });
  it("says when a field has no leaf value", () => {
    const m = firstMismatch({ detail: { x: ["a"] } }, withDetail({ x: [] }));
    assert.match(m?.reason ?? "", /no value to compare \(it is \[\]\)/);
  });
  it("reports a failed $or", () => {
    const m = firstMismatch({ $or: [{ a: ["x"] }, { b: ["y"] }] }, { a: "z" });
    assert.deepEqual(m?.path, ["$or"]);
  });
  it("reports an array of objects with no consistent element", () => {
    const m = firstMismatch({ items: { a: [1], b: [2] } }, { items: [{ a: 1 }, { b: 2 }] });
    assert.deepEqual(m?.path, ["items"]);
    assert.match(m?.reason ?? "", /no single element/);
  });
});

describe("matchesPattern is total", () => {
  it("does not throw on odd events or unchecked patterns", () => {
    const pattern = { a: [{ unknown: 1 }], b: { c: [{ numeric: "x" }] }, $or: "x" } as EventPattern;
    for (const event of [null, 1, "s", [], [{ a: 1 }], { a: { b: 1 } }]) {
      assert.equal(matchesPattern(pattern, event), false);
    }
  });
  it("is not fooled by inherited properties", () => {
    assert.equal(matchesPattern({ toString: [{ exists: true }] }, {}), false);
    assert.equal(matchesPattern({ constructor: [{ exists: false }] }, {}), true);
  });
});
