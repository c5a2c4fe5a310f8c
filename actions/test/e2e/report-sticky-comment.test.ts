import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { RemoteError } from "../../src/errors.ts";
import { pullRequestFromEvent } from "../../src/github/pull-request.ts";
import { upsertStickyComment } from "../../src/github/sticky-comment.ts";
import { startFakeGitHub, type FakeGitHub } from "../helpers/github-api.ts";

const MARKER = "<!-- edp-validate -->";
const TOKEN = "ghs_test-token-value";

describe("upsertStickyComment", () => {
  let github: FakeGitHub;
  let issue = 0;
  // Pages of 2 so a handful of comments already needs the Link header.
  before(async () => {
    github = await startFakeGitHub({ maxPerPage: 2 });
  });
  after(() => github.stop());
  beforeEach(() => {
    github.setMode("normal");
    github.requests.length = 0;
    issue++;
  });

  const upsert = (body: string) =>
    upsertStickyComment({
      token: TOKEN,
      baseUrl: github.url,
      owner: "acme",
      repo: "gitops",
      issueNumber: issue,
      body,
      marker: MARKER,
    });

  it("creates the comment once, then updates it in place", async () => {
    const first = await upsert(`${MARKER}\nfirst`);
    assert.equal(first.status, "created");
    const second = await upsert(`${MARKER}\nsecond`);
    assert.equal(second.status, "updated");
    assert.equal(second.commentId, first.commentId);
    const comments = github.comments("acme", "gitops", issue);
    assert.equal(comments.length, 1);
    assert.equal(comments[0]!.body, `${MARKER}\nsecond`);
    assert.deepEqual(
      github.requests.map((r) => r.method),
      ["GET", "POST", "GET", "PATCH"],
    );
    assert.ok(github.requests.every((r) => r.authorization === `token ${TOKEN}`));
  });

  it("follows pagination to find the marker, and updates the newest of several", async () => {
    for (let i = 0; i < 3; i++) github.seed("acme", "gitops", issue, `unrelated ${i}`);
    const older = github.seed("acme", "gitops", issue, `${MARKER}\nolder`, "github-actions[bot]");
    github.seed("acme", "gitops", issue, "unrelated again");
    const newer = github.seed("acme", "gitops", issue, `${MARKER}\nnewer`, "github-actions[bot]");
    const result = await upsert(`${MARKER}\nfresh`);
    assert.deepEqual(result.status === "updated" && result.commentId, newer.id);
    const gets = github.requests.filter((r) => r.method === "GET");
    assert.equal(gets.length, 3, "6 comments in pages of 2");
    const bodies = new Map(github.comments("acme", "gitops", issue).map((c) => [c.id, c.body]));
    assert.equal(bodies.get(older.id), `${MARKER}\nolder`);
    assert.equal(bodies.get(newer.id), `${MARKER}\nfresh`);
    assert.equal(bodies.size, 6);
  });

  it("adds the marker when the body lacks it", async () => {
    await upsert("no marker here");
    assert.equal(github.comments("acme", "gitops", issue)[0]!.body, `${MARKER}\nno marker here`);
    assert.equal((await upsert("again")).status, "updated");
  });

  it("reports a fork pull request's 403 as forbidden instead of throwing", async () => {
    github.setMode("forbid-writes");
    const result = await upsert(`${MARKER}\nbody`);
    assert.equal(result.status, "forbidden");
    assert.ok(result.status === "forbidden" && result.httpStatus === 403);
    assert.match(
      result.status === "forbidden" ? result.message : "",
      /Resource not accessible by integration/,
    );
    assert.equal(github.comments("acme", "gitops", issue).length, 0);
  });

  it("throws a RemoteError on server failures", async () => {
    github.setMode("error");
    await assert.rejects(
      upsert(`${MARKER}\nbody`),
      (e: unknown) => e instanceof RemoteError && /HTTP 500/.test(e.message),
    );
  });
});

describe("pullRequestFromEvent", () => {
  const payload = {
    number: 7,
    pull_request: { number: 7, head: { sha: "abc123" } },
    repository: { name: "gitops", owner: { login: "acme" } },
  };

  it("reads the pull request of pull_request and pull_request_target events", () => {
    assert.deepEqual(pullRequestFromEvent({ eventName: "pull_request", payload, repository: undefined }), {
      owner: "acme",
      repo: "gitops",
      number: 7,
      headSha: "abc123",
    });
    const bare = { pull_request: { number: 9 } };
    assert.deepEqual(
      pullRequestFromEvent({ eventName: "pull_request_target", payload: bare, repository: "o/r" }),
      {
        owner: "o",
        repo: "r",
        number: 9,
      },
    );
  });

  it("returns null for other events and malformed payloads", () => {
    assert.equal(pullRequestFromEvent({ eventName: "push", payload, repository: "o/r" }), null);
    assert.equal(pullRequestFromEvent({ eventName: "pull_request", payload: null, repository: "o/r" }), null);
    assert.equal(
      pullRequestFromEvent({ eventName: "pull_request", payload: { pull_request: {} }, repository: "o/r" }),
      null,
    );
  });
});
