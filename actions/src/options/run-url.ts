/** The GitHub Actions run URL when running in a workflow, else null. */
export function runUrl(env: NodeJS.ProcessEnv): string | null {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  if (!GITHUB_REPOSITORY || !GITHUB_RUN_ID) return null;
  return `${GITHUB_SERVER_URL || "https://github.com"}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
}

/**
 * `<server>/<owner>/<repo>/blob/<sha>`, where the job summary links findings to: the pull
 * request's head commit when there is one, else the commit the workflow checked ($GITHUB_SHA).
 * Null outside a workflow (a local run) or when a value is not what GitHub writes.
 */
export function sourceUrl(env: NodeJS.ProcessEnv, headSha?: string): string | null {
  const server = env.GITHUB_SERVER_URL || "https://github.com";
  const repository = env.GITHUB_REPOSITORY;
  const sha = headSha || env.GITHUB_SHA;
  if (!repository || !sha) return null;
  if (!/^https?:\/\/[^\s/?#()]+$/.test(server)) return null;
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository) || !/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(sha)) return null;
  return `${server}/${repository}/blob/${sha}`;
}
