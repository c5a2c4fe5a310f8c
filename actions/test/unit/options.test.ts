// The options layer: one set of parsers for both shells, and tables that action.yml cannot drift from.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { ConfigError, UsageError } from "../../src/errors.ts";
import {
  OptionValueError,
  parseBoolean,
  parseEnum,
  parseList,
  parseWholeNumber,
} from "../../src/options/parse.ts";
import { runUrl } from "../../src/options/run-url.ts";
import { SYNC_OPTIONS } from "../../src/options/sync.ts";
import { inputDefault, readFlags, readInputs, type OptionTable } from "../../src/options/table.ts";
import { VALIDATE_OPTIONS } from "../../src/options/validate.ts";

const actionsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const ACTIONS: [string, OptionTable][] = [
  ["sync-scripts", SYNC_OPTIONS],
  ["validate-manifests", VALIDATE_OPTIONS],
];

describe("action.yml inputs match the option tables", () => {
  for (const [action, table] of ACTIONS) {
    test(action, () => {
      const yml = parse(readFileSync(path.join(actionsDir, action, "action.yml"), "utf8")) as {
        inputs: Record<string, { required?: boolean; default?: unknown }>;
      };
      const rows = Object.values(table).filter((r) => r.input !== undefined);
      assert.deepEqual(Object.keys(yml.inputs).sort(), rows.map((r) => r.input!).sort());
      for (const row of rows) {
        const declared = yml.inputs[row.input!]!;
        const required = row.type === "string" && row.required === true;
        assert.equal(declared.required ?? false, required, `${row.input}: required`);
        const expected = inputDefault(row);
        assert.equal(
          declared.default === undefined ? undefined : String(declared.default),
          expected,
          `${row.input}: default`,
        );
      }
    });
  }
});

describe("parsers", () => {
  test("booleans, whole numbers, lists and choices", () => {
    assert.equal(parseBoolean(" Yes "), true);
    assert.equal(parseBoolean("off"), false);
    assert.throws(() => parseBoolean("maybe"), /must be "true" or "false", got "maybe"\./);
    assert.equal(parseWholeNumber(" 12 ", 0), 12);
    assert.throws(() => parseWholeNumber("0", 1), /must be a whole number ≥ 1, got "0"\./);
    assert.throws(() => parseWholeNumber("1.5", 0), OptionValueError);
    assert.throws(() => parseWholeNumber("99999999999999999999", 0), OptionValueError);
    assert.deepEqual(parseList(" a,b  c,,"), ["a", "b", "c"]);
    assert.deepEqual(parseList(undefined), []);
    assert.equal(parseEnum("json", ["text", "json"]), "json");
    assert.throws(() => parseEnum("xml", ["a", "b", "c"]), /must be "a", "b" or "c", got "xml"\./);
  });

  test("a flag and an input with the same bad value fail the same way, named as each shell names it", () => {
    assert.throws(
      () => readFlags("sync", SYNC_OPTIONS, ["--env", "dev", "--concurrency", "x"]),
      (e: unknown) =>
        e instanceof UsageError &&
        e.message === 'edp sync: --concurrency must be a whole number ≥ 1, got "x".',
    );
    const inputs: Record<string, string> = { environment: "dev", concurrency: "x" };
    assert.throws(
      () => readInputs(SYNC_OPTIONS, (name) => inputs[name] ?? ""),
      (e: unknown) =>
        e instanceof ConfigError && e.message === 'input concurrency must be a whole number ≥ 1, got "x".',
    );
  });

  test("flags and inputs give the same values and defaults", () => {
    const flags = readFlags("sync", SYNC_OPTIONS, ["--env", "dev", "--no-wait", "--force-keys", "a,b c"]);
    const inputs: Record<string, string> = { environment: "dev", wait: "false", "force-keys": "a,b c" };
    const fromInputs = readInputs(SYNC_OPTIONS, (name) => inputs[name] ?? "");
    assert.deepEqual({ ...flags.values, repo: undefined }, { ...fromInputs, repo: undefined });
    assert.equal(flags.values.waitForLiveState, false);
    assert.deepEqual(flags.values.forceKeys, ["a", "b", "c"]);
    assert.equal(flags.values.maxDelete, 10);
  });

  test("runUrl", () => {
    assert.equal(runUrl({}), null);
    assert.equal(
      runUrl({ GITHUB_REPOSITORY: "o/r", GITHUB_RUN_ID: "7" }),
      "https://github.com/o/r/actions/runs/7",
    );
    assert.equal(
      runUrl({ GITHUB_SERVER_URL: "https://ghe.example", GITHUB_REPOSITORY: "o/r", GITHUB_RUN_ID: "7" }),
      "https://ghe.example/o/r/actions/runs/7",
    );
  });
});
