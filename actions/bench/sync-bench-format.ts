/** The sync bench's rows and the table it prints (edp and the floor compared with rclone). */
export interface SyncBenchRow {
  case: string;
  tool: string;
  /** Wall clock of the process, or null when the tool is not installed or failed. */
  ms: number | null;
  put: number;
  list: number;
  head: number;
  other: number;
  note: string;
}

export function formatSyncBench(rows: SyncBenchRow[]): string {
  const data = rows.filter((r) => r.tool !== "");
  const footer = rows.filter((r) => r.tool === "").map((r) => r.note);
  const header = ["case", "tool", "wall", "PUT", "LIST", "HEAD", "other", "note"];
  const cells = data.map((r) => [
    r.case,
    r.tool,
    r.ms === null ? "—" : `${(r.ms / 1000).toFixed(2)} s`,
    String(r.put),
    String(r.list),
    String(r.head),
    String(r.other),
    [r.note, verdict(r, data)].filter(Boolean).join("; "),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const fmt = (c: string[]) =>
    c
      .map((v, i) => (i >= 2 && i <= 6 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [
    "\nedp sync vs aws s3 sync vs rclone sync --checksum",
    ...footer.map((f) => `  ${f}`),
    "",
    fmt(header),
    ...cells.map(fmt),
  ].join("\n");
}

/** For edp rows: how it compares with rclone in the same case. */
function verdict(row: SyncBenchRow, rows: SyncBenchRow[]): string {
  if (!/^(edp|floor)/.test(row.tool) || row.ms === null) return "";
  const rclone = rows.find((r) => r.case === row.case && r.tool.startsWith("rclone"));
  if (!rclone || rclone.ms === null) return "";
  const ratio = row.ms / rclone.ms;
  return ratio <= 1 ? `${(1 / ratio).toFixed(1)}× rclone's speed` : `${ratio.toFixed(1)}× rclone's time`;
}
