/**
 * AWS clients for the shells. Credentials and region come only from the standard AWS chain.
 * Any S3-compatible endpoint works: `--endpoint` (or AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL)
 * switches S3 to path-style addressing; AWS_ENDPOINT_URL_SFN / _EVENTBRIDGE override the others.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { UsageError } from "../../errors.ts";

export interface AwsClients {
  s3: S3Client;
  sfn: SFNClient;
  eventbridge: EventBridgeClient;
}

export interface ClientOptions {
  /** --endpoint: for every service unless a service-specific variable says otherwise. */
  endpoint?: string;
  env: NodeJS.ProcessEnv;
  /** Connection pool size: at least the upload concurrency. */
  maxSockets?: number;
}

const DEFAULT_MAX_ATTEMPTS = 5;

export function createAwsClients(options: ClientOptions): AwsClients {
  const { env } = options;
  const pick = (...values: (string | undefined)[]) => values.find((v) => v !== undefined && v !== "");
  const s3Endpoint = pick(options.endpoint, env.AWS_ENDPOINT_URL_S3, env.AWS_ENDPOINT_URL);
  const sfnEndpoint = pick(env.AWS_ENDPOINT_URL_SFN, options.endpoint, env.AWS_ENDPOINT_URL);
  const ebEndpoint = pick(env.AWS_ENDPOINT_URL_EVENTBRIDGE, options.endpoint, env.AWS_ENDPOINT_URL);
  for (const e of [s3Endpoint, sfnEndpoint, ebEndpoint]) if (e !== undefined) checkUrl(e);
  const attempts = Number.parseInt(env.AWS_MAX_ATTEMPTS ?? "", 10);
  const common = {
    region: pick(env.AWS_REGION, env.AWS_DEFAULT_REGION),
    maxAttempts: Number.isFinite(attempts) && attempts > 0 ? attempts : DEFAULT_MAX_ATTEMPTS,
  };
  return {
    s3: new S3Client({
      ...common,
      ...(s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true } : {}),
      requestHandler: { httpAgent: { keepAlive: true, maxSockets: options.maxSockets ?? 50 } },
    }),
    sfn: new SFNClient({ ...common, ...(sfnEndpoint ? { endpoint: sfnEndpoint } : {}) }),
    eventbridge: new EventBridgeClient({ ...common, ...(ebEndpoint ? { endpoint: ebEndpoint } : {}) }),
  };
}

export function destroyClients(clients: AwsClients): void {
  clients.s3.destroy();
  clients.sfn.destroy();
  clients.eventbridge.destroy();
}

function checkUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`endpoint '${value}' is not a URL (expected e.g. http://127.0.0.1:5000)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UsageError(`endpoint '${value}' must be http:// or https://`);
}
