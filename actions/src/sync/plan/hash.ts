/**
 * Content digests of a local file. The MD5 (compared with single-part ETags) is taken for every
 * file; CRC64NVME (S3's full-object checksum, sent with the upload) and SHA-256 (metadata) only
 * for files that are compared through HeadObject or uploaded, so a no-op sync hashes once.
 */
import { createHash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { Crc64Nvme } from "@aws-sdk/crc64-nvme";
import type { LocalDigest } from "../types.ts";

const WHOLE_FILE_LIMIT = 8 * 1024 * 1024;

/**
 * Size and MD5 of a small file, read synchronously: for the many small files of a pipeline this
 * is several times cheaper than promise-based reads (one call instead of four thread-pool round
 * trips per file). The caller yields to the event loop between batches.
 */
export function md5SmallFile(abs: string): LocalDigest {
  const body = readFileSync(abs);
  return { size: body.length, md5: createHash("md5").update(body).digest("hex") };
}

/** Size and MD5 only. */
export async function md5File(abs: string, size: number): Promise<LocalDigest> {
  const md5 = createHash("md5");
  let seen = 0;
  if (size <= WHOLE_FILE_LIMIT) {
    const body = await readFile(abs);
    md5.update(body);
    seen = body.length;
  } else {
    for await (const chunk of createReadStream(abs, { highWaterMark: 1024 * 1024 })) {
      md5.update(chunk as Buffer);
      seen += (chunk as Buffer).length;
    }
  }
  return { size: seen, md5: md5.digest("hex") };
}

/** Adds CRC64NVME and SHA-256 to a digest (one more read), unless it has them already. */
export async function completeDigest(abs: string, digest: LocalDigest): Promise<Required<LocalDigest>> {
  if (digest.crc64nvme && digest.sha256) return digest as Required<LocalDigest>;
  const full = await digestFile(abs, digest.size);
  if (full.md5 !== digest.md5) throw new Error(`${abs} changed while syncing; run the sync again`);
  Object.assign(digest, full);
  return full;
}

/** Every digest of bytes already in memory. */
export async function digestBuffer(body: Buffer): Promise<Required<LocalDigest>> {
  const crc = new Crc64Nvme();
  crc.update(body);
  return {
    size: body.length,
    md5: createHash("md5").update(body).digest("hex"),
    sha256: createHash("sha256").update(body).digest("hex"),
    crc64nvme: Buffer.from(await crc.digest()).toString("base64"),
  };
}

/** Every digest in one read. */
export async function digestFile(abs: string, size: number): Promise<Required<LocalDigest>> {
  const md5 = createHash("md5");
  const sha256 = createHash("sha256");
  const crc = new Crc64Nvme();
  let seen = 0;
  const feed = (chunk: Buffer) => {
    md5.update(chunk);
    sha256.update(chunk);
    crc.update(chunk);
    seen += chunk.length;
  };
  if (size <= WHOLE_FILE_LIMIT) {
    feed(await readFile(abs));
  } else {
    for await (const chunk of createReadStream(abs, { highWaterMark: 1024 * 1024 })) feed(chunk as Buffer);
  }
  return {
    size: seen,
    md5: md5.digest("hex"),
    sha256: sha256.digest("hex"),
    crc64nvme: Buffer.from(await crc.digest()).toString("base64"),
  };
}

/** A CRC64NVME value as S3 reports it is 8 bytes, base64; anything else is not comparable. */
export function isCrc64NvmeValue(value: string | undefined): value is string {
  return typeof value === "string" && /^[A-Za-z0-9+/]{11}=$/.test(value);
}
