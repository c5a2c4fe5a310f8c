import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadConstraintChecker } from "../../src/schemas/aws-constraints/check.ts";
import { javaToJsPattern } from "../../src/schemas/aws-constraints/generate.ts";

const schemas = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "schemas");
const checker = loadConstraintChecker(schemas);
const rule = (spec: Record<string, unknown>) =>
  checker.check({ apiVersion: "eventbridge.services.k8s.aws/v1alpha1", kind: "Rule", spec });
const bucket = (name: string) =>
  checker.check({ apiVersion: "s3.services.k8s.aws/v1alpha1", kind: "Bucket", spec: { name } });

describe("AWS model patterns in JavaScript", () => {
  test("Java's escaped punctuation means the character itself", () => {
    assert.equal(javaToJsPattern("[A-Za-z0-9\\_\\-]+"), "[A-Za-z0-9_\\-]+");
    assert.equal(javaToJsPattern("arn:aws([a-z]|\\-)*:events"), "arn:aws([a-z]|-)*:events");
    assert.equal(javaToJsPattern("a\\.b\\/c\\d"), "a\\.b\\/c\\d");
    for (const p of [
      "[A-Za-z0-9\\_\\-]+",
      "^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:.+\\/.+$",
    ])
      assert.doesNotThrow(() => new RegExp(javaToJsPattern(p), "u"), p);
  });
});

describe("AWS API constraints on objects", () => {
  test("a valid Rule passes; kinds without an AWS model have no constraints", () => {
    assert.deepEqual(rule({ name: "taxi-trips.dev_1", state: "DISABLED" }), { status: "valid" });
    assert.deepEqual(checker.check({ apiVersion: "v1", kind: "ConfigMap", data: {} }), { status: "none" });
    assert.deepEqual(checker.check({ apiVersion: "example.com/v1", kind: "Thing" }), { status: "none" });
  });

  test("patterns match the whole value, as AWS's validation does", () => {
    const result = rule({ name: "taxi trips" });
    assert.equal(result.status, "invalid");
    assert.deepEqual(result.status === "invalid" && result.violations.map((v) => v.path), [["spec", "name"]]);
  });

  test("lengths count characters, not bytes; boundaries are inclusive", () => {
    assert.equal(rule({ name: "r".repeat(64) }).status, "valid");
    assert.equal(rule({ name: "r".repeat(65) }).status, "invalid");
    assert.equal(rule({ description: "é".repeat(512) }).status, "valid");
  });

  test("enums are case-sensitive and suggest the value meant", () => {
    const result = rule({ state: "enabled" });
    assert.ok(result.status === "invalid");
    assert.match(result.violations[0]!.message, /did you mean ENABLED\?/);
  });

  test("S3 bucket naming rules from AWS's documentation", () => {
    for (const ok of ["edp-taxi-trips-dev", "abc", "a.b-c", "x".repeat(63)])
      assert.equal(bucket(ok).status, "valid", ok);
    for (const bad of [
      "ab",
      "x".repeat(64),
      "Edp",
      "edp_",
      "-edp",
      "edp-",
      "a..b",
      "192.168.5.4",
      "xn--edp",
      "edp-s3alias",
      "edp--ol-s3",
    ])
      assert.equal(bucket(bad).status, "invalid", bad);
  });
});
