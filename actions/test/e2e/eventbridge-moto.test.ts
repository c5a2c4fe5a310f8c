/**
 * Cross-checks matchesPattern against moto's EventBridge: each case gets a Rule on the default bus that
 * routes to its own SQS queue; every event is put and the queue read at once (moto delivers inside
 * PutEvents). Where moto departs from the AWS documentation, the test asserts that we follow AWS and
 * also what moto did, so a moto change is noticed (the table is in docs/eventbridge-matcher.md).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  DeleteRuleCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { checkPattern, type EventPattern } from "../../src/eventbridge/check.ts";
import { matchesPattern } from "../../src/eventbridge/match.ts";
import { s3ObjectCreatedEvent } from "../../src/eventbridge/s3-event.ts";
import { TEST_CREDENTIALS, TEST_REGION } from "../helpers/moto.ts";
import { useMotoSuite } from "../helpers/moto-suite.ts";

const ACCOUNT = "123456789012";

interface TestEvent {
  source?: string;
  detailType?: string;
  resources?: string[];
  detail: Record<string, unknown>;
  /** The Detail text to send, when it must differ from JSON.stringify(detail) (e.g. "3.0e2"). */
  detailText?: string;
}

interface Case {
  name: string;
  pattern: EventPattern;
  events: TestEvent[];
  /** What AWS documents for each event (and what matchesPattern must say). */
  aws: boolean[];
  /** What moto delivers, when it departs from AWS; the key names the row in the docs table. */
  moto?: { delivers: boolean[]; departure: string };
}

const d = (detail: Record<string, unknown>): TestEvent => ({ detail });
const raw = (detailText: string): TestEvent => ({
  detail: JSON.parse(detailText) as Record<string, unknown>,
  detailText,
});

function s3(key: string): TestEvent {
  const event = s3ObjectCreatedEvent({ bucket: "b", key, size: 8 });
  return {
    source: "aws.s3",
    detailType: "Object Created",
    resources: event.resources as string[],
    detail: event.detail as Record<string, unknown>,
  };
}

const CASES: Case[] = [
  {
    name: "S3 trigger: wildcard on the key",
    pattern: {
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: { bucket: { name: ["b"] }, object: { key: [{ wildcard: "scripts/*.py" }] } },
    },
    events: [s3("scripts/job.py"), s3("input/trips.csv"), s3("other/scripts/x.py")],
    aws: [true, false, false],
  },
  {
    name: "S3: resources, prefix and numeric size",
    pattern: {
      resources: ["arn:aws:s3:::b"],
      detail: { object: { key: [{ prefix: "input/" }], size: [{ numeric: [">", 0, "<=", 5242880] }] } },
    },
    events: [s3("input/trips.csv"), s3("scripts/job.py")],
    aws: [true, false],
  },
  {
    name: "exact values, OR within a field",
    pattern: { source: ["edp.test"], detail: { state: ["running", "pending"] } },
    events: [d({ state: "pending" }), d({ state: "stopped" }), d({})],
    aws: [true, false, false],
  },
  {
    name: "AND across fields",
    pattern: { detail: { a: ["1"], b: ["2"] } },
    events: [d({ a: "1", b: "2" }), d({ a: "1", b: "3" }), d({ a: "1" })],
    aws: [true, false, false],
  },
  {
    name: "null and empty string",
    pattern: { detail: { n: [null], e: [""] } },
    events: [d({ n: null, e: "" }), d({ n: "", e: "" }), d({ e: "" })],
    aws: [true, false, false],
  },
  {
    name: "numbers compare by value",
    pattern: { detail: { n: [300] } },
    events: [raw('{"n": 3.0e2}'), d({ n: "300" }), d({ n: 301 })],
    aws: [true, false, false],
  },
  {
    name: "event arrays match on any element",
    pattern: { detail: { tags: ["x"] } },
    events: [d({ tags: ["a", "x"] }), d({ tags: ["a"] }), d({ tags: [] })],
    aws: [true, false, false],
  },
  {
    name: "prefix and suffix",
    pattern: { detail: { f: [{ prefix: "dir/" }], g: [{ suffix: ".png" }] } },
    events: [d({ f: "dir/a", g: "a.png" }), d({ f: "x/dir/a", g: "a.png" }), d({ f: "dir/a", g: "a.PNG" })],
    aws: [true, false, false],
  },
  {
    name: "prefix and suffix ignoring case",
    pattern: {
      detail: {
        s: [{ prefix: { "equals-ignore-case": "eventb" } }],
        t: [{ suffix: { "equals-ignore-case": "tbridge" } }],
      },
    },
    events: [d({ s: "EventBridge", t: "EVENTBRIDGE" }), d({ s: "Bridge", t: "EventBridge" })],
    aws: [true, false],
  },
  {
    name: "equals-ignore-case",
    pattern: { detail: { name: [{ "equals-ignore-case": "alice" }] } },
    events: [d({ name: "ALICE" }), d({ name: "alicia" }), d({ name: 1 })],
    aws: [true, false, false],
  },
  {
    name: "wildcard",
    pattern: { detail: { p: [{ wildcard: "dir/*.png" }] } },
    events: [d({ p: "dir/a/b.png" }), d({ p: "dir/a.png.txt" }), d({ p: 5 })],
    aws: [true, false, false],
  },
  {
    name: "anything-but: string, missing field, other types, arrays",
    pattern: { detail: { state: [{ "anything-but": "initializing" }] } },
    events: [
      d({ state: "initializing" }),
      d({}),
      d({ state: null }),
      d({ state: ["initializing", "running"] }),
    ],
    aws: [false, false, true, true],
  },
  {
    name: "anything-but: list of numbers",
    pattern: { detail: { x: [{ "anything-but": [100, 200] }] } },
    events: [d({ x: 100 }), raw('{"x": 2.0e2}'), d({ x: "100" })],
    aws: [false, false, true],
  },
  {
    name: "anything-but: prefix, suffix, equals-ignore-case, wildcard",
    pattern: {
      detail: {
        a: [{ "anything-but": { prefix: "init" } }],
        b: [{ "anything-but": { suffix: ".png" } }],
        c: [{ "anything-but": { "equals-ignore-case": ["stopped", "failed"] } }],
        e: [{ "anything-but": { wildcard: "*/lib/*" } }],
      },
    },
    events: [
      d({ a: "running", b: "a.jpg", c: "RUNNING", e: "/usr/bin/x" }),
      d({ a: "initializing", b: "a.jpg", c: "RUNNING", e: "/usr/bin/x" }),
      d({ a: "running", b: "a.png", c: "RUNNING", e: "/usr/bin/x" }),
      d({ a: "running", b: "a.jpg", c: "STOPPED", e: "/usr/bin/x" }),
      d({ a: "running", b: "a.jpg", c: "RUNNING", e: "/usr/lib/x" }),
    ],
    aws: [true, false, false, false, false],
  },
  {
    name: "numeric ranges",
    pattern: {
      detail: {
        c: [{ numeric: [">", 0, "<=", 5] }],
        x: [{ numeric: ["=", 3.018e2] }],
      },
    },
    events: [d({ c: 5, x: 301.8 }), d({ c: 0, x: 301.8 }), d({ c: 3, x: 301.9 }), d({ c: "3", x: 301.8 })],
    aws: [true, false, false, false],
  },
  {
    name: "cidr IPv4 and IPv6",
    pattern: { detail: { ip: [{ cidr: "10.0.0.0/24" }, { cidr: "2001:db8::/32" }] } },
    events: [d({ ip: "10.0.0.33" }), d({ ip: "10.0.1.1" }), d({ ip: "2001:db8::5" }), d({ ip: "not-an-ip" })],
    aws: [true, false, true, false],
  },
  {
    name: "exists true and false on present, missing and non-leaf fields",
    pattern: { detail: { state: [{ exists: true }], "c-count": [{ exists: false }] } },
    events: [
      d({ state: "x" }),
      d({ state: "x", "c-count": 1 }),
      d({ "c-count": 1 }),
      d({ state: null, "c-count": { c1: 100 } }),
    ],
    aws: [true, false, false, true],
  },
  {
    name: "$or at the top and nested",
    pattern: {
      source: ["edp.test"],
      detail: {
        $or: [{ a: ["1"] }, { b: [{ numeric: [">", 10] }], $or: [{ c: ["x"] }, { e: [{ exists: false }] }] }],
      },
    },
    events: [d({ a: "1" }), d({ b: 11 }), d({ b: 11, e: "y" }), d({ b: 5 })],
    aws: [true, true, false, false],
  },
  // ---- where moto departs from AWS -------------------------------------------------------------
  {
    name: "true is not 1",
    pattern: { detail: { flag: [1] } },
    events: [d({ flag: true }), d({ flag: 2 })],
    aws: [false, false],
    moto: { delivers: [true, false], departure: "true-equals-1" },
  },
  {
    name: "1 is not true",
    pattern: { detail: { flag: [true] } },
    events: [d({ flag: 1 }), d({ flag: false })],
    aws: [false, false],
    moto: { delivers: [true, false], departure: "true-equals-1" },
  },
  {
    name: "numeric does not match booleans",
    pattern: { detail: { n: [{ numeric: [">", 0] }] } },
    events: [d({ n: true }), d({ n: 0 })],
    aws: [false, false],
    moto: { delivers: [true, false], departure: "true-equals-1" },
  },
  {
    name: "anything-but a number lets booleans through",
    pattern: { detail: { n: [{ "anything-but": 1 }] } },
    events: [d({ n: 1 }), d({ n: true })],
    aws: [false, true],
    moto: { delivers: [false, false], departure: "true-equals-1" },
  },
  {
    name: "arrays of objects are looked into",
    pattern: { detail: { items: { name: ["x"] } } },
    events: [
      d({ items: [{ name: "a" }, { name: "x" }] }),
      d({ items: [{ name: "a" }] }),
      d({ items: { name: "x" } }),
    ],
    aws: [true, false, true],
    moto: { delivers: [false, false, true], departure: "arrays-of-objects" },
  },
  {
    name: "nested arrays are flattened",
    pattern: { detail: { tags: ["x"] } },
    events: [d({ tags: [["a"], ["x"]] })],
    aws: [true],
    moto: { delivers: [false], departure: "nested-arrays" },
  },
  {
    name: "exists true: empty arrays and objects are not leaves",
    pattern: { detail: { x: [{ exists: true }] } },
    events: [d({ x: [] }), d({ x: {} }), d({ y: "a" })],
    aws: [false, false, false],
    moto: { delivers: [true, true, false], departure: "exists-empty" },
  },
  {
    name: "exists false: empty arrays and objects count as absent",
    pattern: { detail: { x: [{ exists: false }] } },
    events: [d({ x: [] }), d({ x: {} }), d({ x: "a" })],
    aws: [true, true, false],
    moto: { delivers: [false, false, false], departure: "exists-empty" },
  },
  {
    name: "cidr with host bits set",
    pattern: { detail: { ip: [{ cidr: "10.0.0.5/24" }] } },
    events: [d({ ip: "10.0.0.9" }), d({ ip: "10.0.0.255" }), d({ ip: "10.0.0.4" })],
    aws: [true, true, false],
    moto: { delivers: [false, false, false], departure: "cidr-host-bits" },
  },
  {
    name: "an exact IP matches other spellings of it",
    pattern: { detail: { ip: ["2001:db8::1"] } },
    events: [d({ ip: "2001:db8::1" }), d({ ip: "2001:0db8:0:0:0:0:0:0001" })],
    aws: [true, true],
    moto: { delivers: [true, false], departure: "ip-spelling" },
  },
  {
    name: "numeric matching stops at 5e9",
    pattern: { detail: { n: [{ numeric: [">", 0] }] } },
    events: [d({ n: 6e9 }), d({ n: -1 })],
    aws: [false, false],
    moto: { delivers: [true, false], departure: "numeric-range" },
  },
  {
    name: "wildcard crosses newlines",
    pattern: { detail: { t: [{ wildcard: "a*b" }] } },
    events: [d({ t: "axb" }), d({ t: "a\nb" })],
    aws: [true, true],
    moto: { delivers: [true, false], departure: "wildcard-newline" },
  },
];

/** Patterns EventBridge rejects; `motoAccepts` records what moto's PutRule did. */
const INVALID: Array<{ name: string; pattern: unknown; motoAccepts: boolean }> = [
  { name: "bare string value", pattern: { source: "aws.s3" }, motoAccepts: false },
  { name: "empty array", pattern: { source: [] }, motoAccepts: false },
  { name: "empty pattern", pattern: {}, motoAccepts: true },
  { name: "empty nested object", pattern: { detail: {} }, motoAccepts: true },
  { name: "unknown operator", pattern: { k: [{ prefx: "a" }] }, motoAccepts: true },
  { name: "two operators in one object", pattern: { k: [{ prefix: "a", suffix: "b" }] }, motoAccepts: true },
  { name: "nested array value", pattern: { k: [["a"]] }, motoAccepts: true },
  { name: "numeric with a string", pattern: { k: [{ numeric: [">", "5"] }] }, motoAccepts: true },
  { name: "numeric empty range", pattern: { k: [{ numeric: [">", 5, "<", 1] }] }, motoAccepts: true },
  { name: "cidr /32", pattern: { k: [{ cidr: "10.0.0.1/32" }] }, motoAccepts: true },
  { name: "cidr not an address", pattern: { k: [{ cidr: "banana/8" }] }, motoAccepts: true },
  { name: "wildcard **", pattern: { k: [{ wildcard: "a**b" }] }, motoAccepts: true },
  { name: "exists as a string", pattern: { k: [{ exists: "true" }] }, motoAccepts: true },
  { name: "anything-but mixed list", pattern: { k: [{ "anything-but": ["a", 1] }] }, motoAccepts: true },
  { name: "$or with one alternative", pattern: { $or: [{ a: ["x"] }] }, motoAccepts: true },
  {
    name: "longer than 4096 characters",
    pattern: { source: ["edp.test"], pad: [{ prefix: "x".repeat(4100) }] },
    motoAccepts: true,
  },
];

function envelope(e: TestEvent): Record<string, unknown> {
  return {
    version: "0",
    id: "00000000-0000-0000-0000-000000000000",
    "detail-type": e.detailType ?? "edp test",
    source: e.source ?? "edp.test",
    account: ACCOUNT,
    time: "2024-01-01T00:00:00Z",
    region: TEST_REGION,
    resources: e.resources ?? [],
    detail: e.detail,
  };
}

let events: EventBridgeClient;
let sqs: SQSClient;
useMotoSuite({
  clients: "none",
  setUp: ({ moto }) => {
    const config = {
      endpoint: moto.endpoint,
      region: TEST_REGION,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    };
    events = new EventBridgeClient(config);
    sqs = new SQSClient(config);
  },
  tearDown: () => {
    events?.destroy();
    sqs?.destroy();
  },
});

/** Creates rule + queue, puts each event and reads the queue after each: moto's delivery per event. */
async function deliveries(index: number, pattern: EventPattern, list: TestEvent[]): Promise<boolean[]> {
  const name = `edp-case-${index}`;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  const arn = attributes.Attributes?.QueueArn;
  assert.ok(QueueUrl && arn, "queue created");
  await events.send(
    new PutRuleCommand({ Name: name, EventPattern: JSON.stringify(pattern), State: "ENABLED" }),
  );
  await events.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: "queue", Arn: arn }] }));
  const delivered: boolean[] = [];
  try {
    for (const e of list) {
      const put = await events.send(
        new PutEventsCommand({
          Entries: [
            {
              Source: e.source ?? "edp.test",
              DetailType: e.detailType ?? "edp test",
              Resources: e.resources ?? [],
              Detail: e.detailText ?? JSON.stringify(e.detail),
            },
          ],
        }),
      );
      assert.equal(put.FailedEntryCount ?? 0, 0, "PutEvents accepted the event");
      const received = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      const messages = received.Messages ?? [];
      assert.ok(messages.length <= 1, "at most one delivery per event");
      const body = messages[0]?.Body;
      if (body !== undefined) {
        // The delivered event has the envelope our matcher was given.
        const got = JSON.parse(body) as Record<string, unknown>;
        assert.deepEqual(got.detail, e.detail);
        assert.equal(got.source, e.source ?? "edp.test");
      }
      delivered.push(body !== undefined);
    }
  } finally {
    // Later cases put events on the same bus: stop this rule from catching them.
    await events.send(new RemoveTargetsCommand({ Rule: name, Ids: ["queue"] }));
    await events.send(new DeleteRuleCommand({ Name: name }));
  }
  return delivered;
}

describe("matchesPattern agrees with moto's EventBridge (except documented departures)", () => {
  CASES.forEach((c, index) => {
    it(c.moto ? `${c.name} [moto departs: ${c.moto.departure}]` : c.name, async () => {
      assert.deepEqual(checkPattern(c.pattern), [], "the case's pattern is valid");
      assert.equal(c.aws.length, c.events.length);
      const ours = c.events.map((e) => matchesPattern(c.pattern, envelope(e)));
      assert.deepEqual(ours, c.aws, "matchesPattern follows the AWS documentation");
      const delivered = await deliveries(index, c.pattern, c.events);
      assert.deepEqual(delivered, c.moto?.delivers ?? c.aws, "moto delivered as recorded");
      if (c.moto) assert.notDeepEqual(c.moto.delivers, c.aws, "a recorded departure really departs");
    });
  });
});

describe("invalid patterns: we reject them; moto's PutRule is recorded", () => {
  INVALID.forEach((c, index) => {
    it(c.name, async () => {
      assert.ok(
        checkPattern(c.pattern).length > 0 || JSON.stringify(c.pattern).length > 4096,
        "we reject it",
      );
      let accepted = true;
      try {
        await events.send(
          new PutRuleCommand({ Name: `edp-invalid-${index}`, EventPattern: JSON.stringify(c.pattern) }),
        );
      } catch (error) {
        assert.equal((error as Error).name, "InvalidEventPatternException");
        accepted = false;
      }
      assert.equal(accepted, c.motoAccepts);
    });
  });
});
