// Targets from rendered manifests, trigger detection and "live equals declared" matching.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { discoverPipelines } from "../../src/pipeline/discover.ts";
import { stateMachineNameFromArn } from "../../src/pipeline/arn.ts";
import { createTriggerMatcher, triggerPrefixes, underTriggerPrefix } from "../../src/pipeline/triggers.ts";
import { canonicalJson, declaredMatcher, loadPlaceholders } from "../../src/sync/gate/placeholder-matcher.ts";
import { demoFiles, demoNames, demoObjects, makeRepo, removeTempDirs } from "../helpers/sync-fixture.ts";
import type { RenderedObject } from "../../src/model/manifest.ts";

after(removeTempDirs);

describe("sync targets from the rendered environment", () => {
  test("bucket, sources, rules and state machines come from the manifests", () => {
    const repo = makeRepo(demoFiles());
    const names = demoNames("t1");
    const [target, ...rest] = discoverPipelines(repo, "dev", demoObjects(names));
    assert.equal(rest.length, 0);
    assert.ok(target);
    assert.equal(target.name, "demo");
    assert.equal(target.dir, "apps/demo");
    assert.equal(target.bucket, "edp-demo-t1");
    assert.deepEqual(
      target.sources.map((s) => s.prefix),
      ["deps/", "pod-templates/", "input/", "scripts/"],
    );
    assert.equal(target.rules.length, 1);
    assert.deepEqual(target.rules[0]?.stateMachines, ["demo-t1"]);
    assert.deepEqual(target.rules[0]?.triggerPrefixes, ["scripts/"]);
    assert.ok(target.stateMachines.has("demo-t1"));
  });

  test("without an origin, the Flux Kustomization's spec.path leads to the pipeline", () => {
    const repo = makeRepo(demoFiles());
    const objects = demoObjects(demoNames("t2")).map((o) => ({ ...o, origin: null }));
    const flux: RenderedObject = {
      ...objects[0]!,
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      name: "demo",
      object: { spec: { path: "./apps/demo/overlays/dev" } },
    };
    const targets = discoverPipelines(repo, "dev", [...objects, flux]);
    assert.deepEqual(
      targets.map((t) => [t.dir, t.bucket]),
      [["apps/demo", "edp-demo-t2"]],
    );
  });

  test("two buckets in one pipeline is a configuration error", () => {
    const repo = makeRepo(demoFiles());
    const objects = demoObjects(demoNames("t3"));
    const second = { ...objects[0]!, name: "other", object: { spec: { name: "edp-other" } } };
    assert.throws(
      () => discoverPipelines(repo, "dev", [...objects, second]),
      /declares 2 Buckets \(edp-demo-t3, edp-other\)/,
    );
  });

  test("state machine names come from target ARNs", () => {
    assert.equal(
      stateMachineNameFromArn("arn:aws:states:eu-west-1:111122223333:stateMachine:x-dev"),
      "x-dev",
    );
    assert.equal(stateMachineNameFromArn("arn:aws:sqs:eu-west-1:111122223333:q"), null);
  });
});

describe("triggers", () => {
  const repo = makeRepo(demoFiles());
  const names = demoNames("tr");
  const [target] = discoverPipelines(repo, "dev", demoObjects(names));
  const match = createTriggerMatcher(target!.rules, names.bucket);

  test("the project's pattern matcher decides which keys start which state machine", () => {
    assert.deepEqual(match("scripts/job.py", 10).stateMachines, ["demo-tr"]);
    assert.equal(match("scripts/job.py", 10).trigger, true);
    assert.equal(match("scripts/README.txt", 10).trigger, false);
    assert.equal(match("input/job.py", 10).trigger, false);
  });

  test("a disabled rule still orders its keys last but starts nothing", () => {
    const [disabled] = discoverPipelines(repo, "dev", demoObjects({ ...names, ruleState: "DISABLED" }));
    const m = createTriggerMatcher(disabled!.rules, names.bucket);
    assert.deepEqual(m("scripts/job.py", 1), { trigger: true, stateMachines: [], rules: disabled!.rules });
  });

  test("trigger prefixes are read from the key filter, conservatively", () => {
    const p = (key: unknown) => triggerPrefixes({ detail: { object: { key } } });
    assert.deepEqual(p([{ wildcard: "scripts/*.py" }]), ["scripts/"]);
    assert.deepEqual(p([{ prefix: "jobs/" }, "exact/key.py"]), ["exact/key.py", "jobs/"]);
    assert.deepEqual(p([{ suffix: ".py" }]), [""]);
    assert.deepEqual(triggerPrefixes({ source: ["aws.s3"] }), [""]);
    assert.deepEqual(triggerPrefixes({ $or: [{ detail: { object: { key: [{ prefix: "a/" }] } } }] }), [""]);
    assert.equal(underTriggerPrefix(target!.rules, names.bucket, "scripts/notes.txt"), true);
    assert.equal(underTriggerPrefix(target!.rules, names.bucket, "input/a.csv"), false);
    assert.equal(underTriggerPrefix(target!.rules, "another-bucket", "scripts/a.py"), false);
  });
});

describe("live state equals declared", () => {
  test("values from outside Git match their declared shape; Git's text must be exact", async () => {
    const repo = makeRepo(demoFiles());
    const placeholders = await loadPlaceholders(repo);
    const arn = declaredMatcher("arn:aws:states:eu-west-1:111122223333:stateMachine:demo-dev", placeholders);
    assert.equal(arn("arn:aws:states:us-east-1:123456789012:stateMachine:demo-dev"), true);
    assert.equal(arn("arn:aws:states:us-east-1:123456789012:stateMachine:demo-prod"), false);
    assert.equal(
      arn("arn:aws:states:us-east-1:12345:stateMachine:demo-dev"),
      false,
      "account must be 12 digits",
    );
    const def = declaredMatcher(canonicalJson('{"b": "${DEMO_VIRTUAL_CLUSTER_ID}", "a": 1}'), placeholders);
    assert.equal(def(canonicalJson('{"a":1,"b":"0123456789abcdefghijklmno"}')), true);
    assert.equal(def(canonicalJson('{"a":2,"b":"0123456789abcdefghijklmno"}')), false);
    const twice = declaredMatcher("111122223333/111122223333", placeholders);
    assert.equal(twice("123456789012/123456789012"), true);
    assert.equal(twice("123456789012/210987654321"), false, "one variable has one value");
  });
});
