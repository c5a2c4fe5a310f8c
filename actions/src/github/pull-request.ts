/**
 * Which pull request a workflow run belongs to, from the event the runner wrote to
 * $GITHUB_EVENT_PATH. Only pull_request and pull_request_target events have one.
 */
export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  /** Head commit of the pull request, when the payload has it. */
  headSha?: string;
}

export const PULL_REQUEST_EVENTS = new Set(["pull_request", "pull_request_target"]);

export interface PullRequestSource {
  eventName: string | undefined;
  /** The parsed event payload. */
  payload: unknown;
  /** $GITHUB_REPOSITORY, "owner/name": the fallback when the payload lacks `repository`. */
  repository: string | undefined;
}

export function pullRequestFromEvent({
  eventName,
  payload,
  repository,
}: PullRequestSource): PullRequestRef | null {
  if (!eventName || !PULL_REQUEST_EVENTS.has(eventName) || !isRecord(payload)) return null;
  const pr = isRecord(payload.pull_request) ? payload.pull_request : undefined;
  const number = typeof pr?.number === "number" ? pr.number : payload.number;
  if (typeof number !== "number" || !Number.isInteger(number) || number <= 0) return null;

  let owner: string | undefined;
  let repo: string | undefined;
  const repoPayload = isRecord(payload.repository) ? payload.repository : undefined;
  const ownerPayload = isRecord(repoPayload?.owner) ? repoPayload.owner : undefined;
  if (typeof ownerPayload?.login === "string" && typeof repoPayload?.name === "string") {
    owner = ownerPayload.login;
    repo = repoPayload.name;
  } else if (repository?.includes("/")) {
    [owner, repo] = repository.split("/", 2);
  }
  if (!owner || !repo) return null;

  const head = isRecord(pr?.head) ? pr.head : undefined;
  return { owner, repo, number, ...(typeof head?.sha === "string" ? { headSha: head.sha } : {}) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
