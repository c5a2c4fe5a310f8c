/**
 * A small stand-in for the GitHub REST API on a free loopback port: the issue-comment endpoints
 * the sticky comment uses, with Link-header pagination, plus failure modes (a fork pull request's
 * read-only token gets 403 "Resource not accessible by integration"). Records every request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { freePort } from "./moto.ts";

export interface FakeComment {
  id: number;
  body: string;
  created_at: string;
  updated_at: string;
  html_url: string;
  user: { login: string; type: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
}

/** normal: everything works; forbid-writes: reads work, POST/PATCH get 403 (fork PR); forbid-all; error: 500 on writes. */
export type FakeGitHubMode = "normal" | "forbid-writes" | "forbid-all" | "error";

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  /** Comments per "owner/repo#number". */
  comments: (owner: string, repo: string, issue: number) => FakeComment[];
  seed: (owner: string, repo: string, issue: number, body: string, login?: string) => FakeComment;
  setMode: (mode: FakeGitHubMode) => void;
  stop: () => Promise<void>;
}

export async function startFakeGitHub(options: { maxPerPage?: number } = {}): Promise<FakeGitHub> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const maxPerPage = options.maxPerPage ?? 100;
  const issues = new Map<string, FakeComment[]>();
  const requests: RecordedRequest[] = [];
  let mode: FakeGitHubMode = "normal";
  let nextId = 1000;
  // A fixed clock, one second per comment: deterministic and strictly increasing.
  let clock = Date.parse("2026-01-01T00:00:00Z");

  const listFor = (key: string): FakeComment[] => {
    let list = issues.get(key);
    if (!list) issues.set(key, (list = []));
    return list;
  };
  const newComment = (
    owner: string,
    repo: string,
    issue: number,
    body: string,
    login: string,
  ): FakeComment => {
    const id = nextId++;
    const at = new Date((clock += 1000)).toISOString();
    const comment = {
      id,
      body,
      created_at: at,
      updated_at: at,
      html_url: `https://github.example/${owner}/${repo}/pull/${issue}#issuecomment-${id}`,
      user: { login, type: login.endsWith("[bot]") ? "Bot" : "User" },
    };
    listFor(`${owner}/${repo}#${issue}`).push(comment);
    return comment;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  };
  const forbidden = (res: ServerResponse) =>
    send(res, 403, {
      message: "Resource not accessible by integration",
      documentation_url: "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
      status: "403",
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const parsed = new URL(req.url ?? "/", url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const body: unknown = raw ? JSON.parse(raw) : undefined;
    const method = req.method ?? "GET";
    requests.push({
      method,
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      authorization: req.headers.authorization,
      body,
    });
    if (mode === "forbid-all") return forbidden(res);
    const writing = method !== "GET";
    if (writing && mode === "forbid-writes") return forbidden(res);
    if (writing && mode === "error") return send(res, 500, { message: "Server Error" });

    let m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(parsed.pathname);
    if (m) {
      const [, owner = "", repo = "", issue = "0"] = m;
      const list = listFor(`${owner}/${repo}#${issue}`);
      if (method === "GET") {
        const perPage = Math.min(Number(parsed.searchParams.get("per_page") ?? 30), maxPerPage);
        const page = Number(parsed.searchParams.get("page") ?? 1);
        const last = Math.max(1, Math.ceil(list.length / perPage));
        const link = (p: number, rel: string) => {
          const u = new URL(parsed.pathname, url);
          u.searchParams.set("per_page", String(perPage));
          u.searchParams.set("page", String(p));
          return `<${u.href}>; rel="${rel}"`;
        };
        const links = page < last ? [link(page + 1, "next"), link(last, "last")] : [];
        return send(
          res,
          200,
          list.slice((page - 1) * perPage, page * perPage),
          links.length ? { link: links.join(", ") } : {},
        );
      }
      if (method === "POST") {
        const text = (body as { body?: unknown } | undefined)?.body;
        if (typeof text !== "string") return send(res, 422, { message: "body is required" });
        if (text.length > 65_536)
          return send(res, 422, { message: "Body is too long (maximum is 65536 characters)" });
        return send(res, 201, newComment(owner, repo, Number(issue), text, "github-actions[bot]"));
      }
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(parsed.pathname);
    if (m && method === "PATCH") {
      const id = Number(m[3]);
      const comment = [...issues.values()].flat().find((c) => c.id === id);
      if (!comment) return send(res, 404, { message: "Not Found" });
      const text = (body as { body?: unknown } | undefined)?.body;
      if (typeof text !== "string") return send(res, 422, { message: "body is required" });
      if (text.length > 65_536)
        return send(res, 422, { message: "Body is too long (maximum is 65536 characters)" });
      comment.body = text;
      comment.updated_at = new Date((clock += 1000)).toISOString();
      return send(res, 200, comment);
    }
    send(res, 404, { message: "Not Found" });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    url,
    requests,
    comments: (owner, repo, issue) => [...listFor(`${owner}/${repo}#${issue}`)],
    seed: (owner, repo, issue, body, login = "someone") => newComment(owner, repo, issue, body, login),
    setMode: (m) => {
      mode = m;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
