import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { s3ObjectCreatedEvent } from "../../src/eventbridge/s3-event.ts";

describe("s3ObjectCreatedEvent", () => {
  it("has the shape of the S3 user guide's Object Created example", () => {
    const event = s3ObjectCreatedEvent({ bucket: "amzn-s3-demo-bucket1", key: "example-key", size: 5 });
    assert.deepEqual(Object.keys(event), [
      "version",
      "id",
      "detail-type",
      "source",
      "account",
      "time",
      "region",
      "resources",
      "detail",
    ]);
    assert.equal(event.version, "0");
    assert.equal(event["detail-type"], "Object Created");
    assert.equal(event.source, "aws.s3");
    assert.deepEqual(event.resources, ["arn:aws:s3:::amzn-s3-demo-bucket1"]);
    assert.match(String(event.id), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(String(event.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const detail = event.detail as Record<string, unknown>;
    assert.deepEqual(Object.keys(detail), [
      "version",
      "bucket",
      "object",
      "request-id",
      "requester",
      "source-ip-address",
      "reason",
    ]);
    assert.deepEqual(detail.bucket, { name: "amzn-s3-demo-bucket1" });
    const object = detail.object as Record<string, unknown>;
    assert.deepEqual(Object.keys(object), ["key", "size", "etag", "sequencer"]);
    assert.equal(object.key, "example-key");
    assert.equal(object.size, 5);
    assert.match(String(object.etag), /^[0-9a-f]{32}$/);
    assert.equal(detail.reason, "PutObject");
    assert.equal(detail.requester, "123456789012");
  });

  it("is deterministic and varies with the object", () => {
    const a = s3ObjectCreatedEvent({ bucket: "b", key: "scripts/job.py", size: 8 });
    assert.deepEqual(s3ObjectCreatedEvent({ bucket: "b", key: "scripts/job.py", size: 8 }), a);
    const b = s3ObjectCreatedEvent({ bucket: "b", key: "scripts/other.py", size: 8 });
    assert.notEqual(b.id, a.id);
  });

  it("takes overrides, and adds version-id only when given", () => {
    const event = s3ObjectCreatedEvent({
      bucket: "b",
      key: "k",
      account: "111122223333",
      region: "eu-west-1",
      reason: "CompleteMultipartUpload",
      versionId: "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e",
      etag: "b1946ac92492d2347c6235b4d2611184",
      id: "17793124-05d4-b198-2fde-7ededc63b103",
      time: "2021-11-12T00:00:00Z",
    });
    assert.equal(event.account, "111122223333");
    assert.equal(event.region, "eu-west-1");
    assert.equal(event.id, "17793124-05d4-b198-2fde-7ededc63b103");
    assert.equal(event.time, "2021-11-12T00:00:00Z");
    const detail = event.detail as Record<string, unknown>;
    assert.equal(detail.reason, "CompleteMultipartUpload");
    assert.equal(detail.requester, "111122223333");
    assert.deepEqual(detail.object, {
      key: "k",
      size: 0,
      etag: "b1946ac92492d2347c6235b4d2611184",
      "version-id": "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e",
      sequencer: (detail.object as Record<string, unknown>).sequencer,
    });
  });
});
