/** Small helpers both shells (CLI and action) use to turn their inputs into SyncOptions. */

/** "a,b c" → ["a", "b", "c"]: commas or whitespace, empties dropped. */
export function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** The GitHub Actions run URL when running in a workflow, else null. */
export function runUrlFromEnv(env: NodeJS.ProcessEnv): string | null {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  if (!GITHUB_REPOSITORY || !GITHUB_RUN_ID) return null;
  return `${GITHUB_SERVER_URL ?? "https://github.com"}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
}
