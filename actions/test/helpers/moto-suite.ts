/**
 * The moto harness of a test file: registers before/after hooks that start one moto_server (and,
 * if asked, the counting, fault-injecting S3 proxy in front of it) on free loopback ports, and
 * stop them and remove the file's temporary repositories at the end.
 */
import { after, before } from "node:test";
import type { AwsClients } from "../../src/sync/aws/clients.ts";
import { startMoto, type Moto } from "./moto.ts";
import { startS3Proxy, type ProxyOptions, type S3Proxy } from "./s3-proxy.ts";
import { createLive, demoNames, motoClients, removeTempDirs } from "./sync-fixture.ts";

export interface MotoSuiteOptions {
  /** Start the proxy (options without the target, which is moto). */
  proxy?: Omit<ProxyOptions, "target">;
  /** Where `clients` go: through the proxy (the default when there is one), straight to moto, or none. */
  clients?: "proxy" | "moto" | "none";
  /** Create a demo environment first: pays moto's lazy loading once, outside the timed tests. */
  warm?: boolean;
  /** The file's own set-up once the servers run (hooks of the file itself may run before ours). */
  setUp?: (suite: MotoSuite) => Promise<void> | void;
  /** The file's own clean-up, before the servers stop. */
  tearDown?: () => Promise<void> | void;
}

/** Filled in by the before hook. */
export interface MotoSuite {
  moto: Moto;
  /** Only when options.proxy was given. */
  proxy: S3Proxy;
  /** AWS clients with the test credentials (not when options.clients is "none"). */
  clients: AwsClients;
}

export function useMotoSuite(options: MotoSuiteOptions = {}): MotoSuite {
  const suite = {} as MotoSuite;
  before(async () => {
    suite.moto = await startMoto();
    if (options.proxy) suite.proxy = await startS3Proxy({ ...options.proxy, target: suite.moto.endpoint });
    const via = options.clients ?? (options.proxy ? "proxy" : "moto");
    if (via !== "none") {
      suite.clients = motoClients(via === "proxy" ? suite.proxy.endpoint : suite.moto.endpoint);
      if (options.warm) await createLive(suite.clients, demoNames("warm"));
    }
    await options.setUp?.(suite);
  });
  after(async () => {
    await options.tearDown?.();
    await suite.proxy?.stop();
    await suite.moto?.stop();
    removeTempDirs();
  });
  return suite;
}
