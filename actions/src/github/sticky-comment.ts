/**
 * One comment per pull request that each run edits in place ("sticky"), found by a hidden marker.
 *   1. list the issue comments (REST, paginated via Link headers);
 *   2. take the newest one whose body holds the marker;
 *   3. PATCH it, or POST a new one.
 * Fork pull requests and read-only tokens get 403 "Resource not accessible by integration" (or
 * 404): that is reported as `forbidden`, not thrown, so the action falls back to the job summary.
 */
import { getOctokit } from "@actions/github";
import { RemoteError } from "../errors.ts";

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface StickyCommentOptions {
  /** A ready client (tests, callers that already have one); otherwise built from token and baseUrl. */
  client?: GitHubClient;
  token?: string;
  /** REST API root, e.g. $GITHUB_API_URL; defaults to api.github.com. */
  baseUrl?: string;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  marker: string;
}

export type StickyCommentResult =
  | { status: "created" | "updated"; commentId: number; url: string }
  | { status: "forbidden"; httpStatus: number; message: string };

/** HTTP statuses that mean "this token may not comment here", as opposed to a failure. */
const FORBIDDEN_STATUSES = new Set([401, 403, 404]);

export async function upsertStickyComment(options: StickyCommentOptions): Promise<StickyCommentResult> {
  const client = options.client ?? createClient(options);
  const { owner, repo, issueNumber: issue_number, marker } = options;
  // Without the marker the next run could not find this comment again.
  const body = options.body.includes(marker) ? options.body : `${marker}\n${options.body}`;
  try {
    const comments = await client.paginate(client.rest.issues.listComments, {
      owner,
      repo,
      issue_number,
      per_page: 100,
    });
    const existing = comments
      .filter((c) => (c.body ?? "").includes(marker))
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id)
      .at(-1);
    if (existing) {
      const { data } = await client.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
      return { status: "updated", commentId: data.id, url: data.html_url };
    }
    const { data } = await client.rest.issues.createComment({ owner, repo, issue_number, body });
    return { status: "created", commentId: data.id, url: data.html_url };
  } catch (error) {
    const status = httpStatus(error);
    const message = error instanceof Error ? error.message : String(error);
    if (status !== undefined && FORBIDDEN_STATUSES.has(status))
      return { status: "forbidden", httpStatus: status, message };
    throw new RemoteError(
      `GitHub: could not update the pull-request comment on ${owner}/${repo}#${issue_number}` +
        `${status ? ` (HTTP ${status})` : ""}: ${message}`,
      { cause: error },
    );
  }
}

function createClient(options: StickyCommentOptions): GitHubClient {
  if (!options.token) throw new RemoteError("GitHub: a token is needed to comment on the pull request.");
  return getOctokit(options.token, options.baseUrl ? { baseUrl: options.baseUrl } : {});
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error && typeof error.status === "number") {
    return error.status;
  }
  return undefined;
}
