/**
 * An HTTP proxy in front of moto (127.0.0.1 only) that counts requests by S3 operation and can
 * inject faults: 500 InternalError, 503 ServiceUnavailable, 503 SlowDown, a dropped connection
 * before the request reaches moto, or one dropped after moto applied it. Faults are chosen by a
 * seeded generator, so a run is reproducible. Used by the sync tests and the bench.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type FaultKind = "500" | "503" | "slowdown" | "drop" | "drop-after";

export interface ProxyRequest {
  seq: number;
  method: string;
  /** S3 operation ("PUT", "LIST", "HEAD", "UPLOAD_PART", …) or the X-Amz-Target of JSON APIs. */
  type: string;
  bucket: string;
  key: string;
  fault: FaultKind | null;
}

export interface FaultRule {
  kind: FaultKind;
  /** Share of matching requests that get the fault, 0..1. */
  rate: number;
  /** Which requests the rule applies to (default: all). */
  match?: (request: ProxyRequest) => boolean;
  /** Stop after this many injected faults. */
  limit?: number;
}

export interface ProxyOptions {
  target: string;
  faults?: FaultRule[];
  seed?: number;
  /** Rewrites a response body (e.g. to emulate an AWS answer moto does not give). */
  rewrite?: (request: ProxyRequest, body: Buffer) => Buffer;
}

export interface S3Proxy {
  endpoint: string;
  /** Requests seen, in arrival order (faulted ones included). */
  log: ProxyRequest[];
  counts(): Record<string, number>;
  /** Clears the log (and the fault counters). */
  resetCounts(): void;
  setFaults(faults: FaultRule[]): void;
  setRewrite(rewrite: ProxyOptions["rewrite"]): void;
  stop(): Promise<void>;
}

const ERROR_BODIES: Record<"500" | "503" | "slowdown", { status: number; code: string; message: string }> = {
  "500": {
    status: 500,
    code: "InternalError",
    message: "We encountered an internal error. Please try again.",
  },
  "503": { status: 503, code: "ServiceUnavailable", message: "Please reduce your request rate." },
  slowdown: { status: 503, code: "SlowDown", message: "Please reduce your request rate." },
};

export async function startS3Proxy(options: ProxyOptions): Promise<S3Proxy> {
  const target = new URL(options.target);
  let faults = options.faults ?? [];
  let rewrite = options.rewrite;
  let injected = new Map<FaultRule, number>();
  const random = mulberry32(options.seed ?? 1);
  const log: ProxyRequest[] = [];
  let seq = 0;
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    const info = classify(req, ++seq);
    info.fault = pickFault(info);
    log.push(info);
    if (info.fault === "drop") {
      req.resume();
      req.socket.destroy();
      return;
    }
    if (info.fault && info.fault !== "drop-after") {
      req.resume();
      req.on("end", () => sendError(res, info.fault as "500" | "503" | "slowdown"));
      return;
    }
    forward(req, res, info);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  function pickFault(info: ProxyRequest): FaultKind | null {
    for (const rule of faults) {
      if (rule.match && !rule.match(info)) continue;
      const used = injected.get(rule) ?? 0;
      if (rule.limit !== undefined && used >= rule.limit) continue;
      if (random() < rule.rate) {
        injected.set(rule, used + 1);
        return rule.kind;
      }
    }
    return null;
  }

  function forward(req: IncomingMessage, res: ServerResponse, info: ProxyRequest): void {
    const headers = { ...req.headers };
    delete headers.expect; // answered by this server already; moto would wait for a body we already stream
    headers.host = target.host;
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (up) => {
        if (info.fault === "drop-after") {
          up.resume();
          up.on("end", () => req.socket.destroy());
          return;
        }
        if (!rewrite) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", () => {
          const body = rewrite!(info, Buffer.concat(chunks));
          const outHeaders = { ...up.headers, "content-length": String(body.length) };
          delete outHeaders["transfer-encoding"];
          res.writeHead(up.statusCode ?? 502, outHeaders);
          res.end(body);
        });
      },
    );
    upstream.on("error", () => req.socket.destroy());
    req.pipe(upstream);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    counts: () => {
      const counts: Record<string, number> = {};
      for (const r of log) counts[r.type] = (counts[r.type] ?? 0) + 1;
      return counts;
    },
    resetCounts: () => {
      log.length = 0;
      injected = new Map();
    },
    setFaults: (next) => {
      faults = next;
      injected = new Map();
    },
    setRewrite: (next) => {
      rewrite = next;
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendError(res: ServerResponse, kind: "500" | "503" | "slowdown"): void {
  const e = ERROR_BODIES[kind];
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${e.code}</Code><Message>${e.message}</Message><RequestId>proxy</RequestId></Error>`;
  res.writeHead(e.status, { "content-type": "application/xml", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

const LIST_V1_PARAMS = new Set(["prefix", "delimiter", "marker", "max-keys", "encoding-type"]);

/** Names the S3 operation of a path-style request (or the JSON API target). */
export function classify(req: IncomingMessage, seq: number): ProxyRequest {
  const url = new URL(req.url ?? "/", "http://proxy");
  const q = url.searchParams;
  const parts = url.pathname.split("/").slice(1);
  const bucket = decodeURIComponent(parts[0] ?? "");
  const key = parts.slice(1).map(decodeURIComponent).join("/");
  const method = req.method ?? "GET";
  const amzTarget = req.headers["x-amz-target"];
  let type: string;
  if (typeof amzTarget === "string") type = amzTarget.split(".").pop() ?? amzTarget;
  else if (method === "GET" && q.get("list-type") === "2") type = "LIST";
  else if (method === "GET" && bucket && !key && [...q.keys()].every((k) => LIST_V1_PARAMS.has(k)))
    type = "LIST_V1";
  else if (method === "GET" && !bucket) type = "LIST_BUCKETS";
  else if (q.has("notification")) type = method === "PUT" ? "PUT_NOTIFICATION" : "GET_NOTIFICATION";
  else if (method === "HEAD") type = key ? "HEAD" : "HEAD_BUCKET";
  else if (method === "PUT" && key && q.has("partNumber")) type = "UPLOAD_PART";
  else if (method === "PUT" && key && req.headers["x-amz-copy-source"]) type = "COPY";
  else if (method === "PUT" && key) type = "PUT";
  else if (method === "PUT") type = "CREATE_BUCKET";
  else if (method === "POST" && q.has("uploads")) type = "CREATE_MULTIPART";
  else if (method === "POST" && q.has("uploadId")) type = "COMPLETE_MULTIPART";
  else if (method === "POST" && q.has("delete")) type = "DELETE_OBJECTS";
  else if (method === "DELETE" && q.has("uploadId")) type = "ABORT_MULTIPART";
  else if (method === "DELETE" && key) type = "DELETE";
  else if (method === "GET" && key) type = "GET";
  else type = `${method}${q.size ? "?" + [...q.keys()].join("&") : ""}`;
  return { seq, method, type, bucket, key, fault: null };
}

/** Small seeded PRNG (public-domain mulberry32): the same seed gives the same faults. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
