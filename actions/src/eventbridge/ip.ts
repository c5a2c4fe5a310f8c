/**
 * IP address and CIDR parsing for the `cidr` operator, following event-ruler (the engine behind
 * EventBridge): a CIDR may have host bits set, and then matches from the address as written up to the
 * top of its block (Ruler does not clear host bits); IPv4 masks are 0-31 and IPv6 masks 0-127.
 */

/** 4 bytes (IPv4) or 16 bytes (IPv6). */
export type IpBytes = number[];

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

export function parseIp(text: string): IpBytes | null {
  const v4 = IPV4.exec(text);
  if (v4) {
    const bytes = v4.slice(1).map(Number);
    return bytes.every((b) => b <= 255) ? bytes : null;
  }
  return text.includes(":") ? parseIpv6(text) : null;
}

function parseIpv6(text: string): IpBytes | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string): string[] | null => {
    if (part === "") return [];
    const list = part.split(":");
    return list.every((g) => HEX_GROUP.test(g)) ? list : null;
  };
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(missing).fill("0"), ...tail];
  return all.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

export interface IpRange {
  bottom: IpBytes;
  top: IpBytes;
}

/** Parses "10.0.0.0/24" or "2001:db8::/32"; returns the range or a message saying what is wrong. */
export function parseCidr(text: string): IpRange | { error: string } {
  const parts = text.split("/");
  if (parts.length !== 2) return { error: "a CIDR needs exactly one '/', like \"10.0.0.0/24\"" };
  const [address = "", maskText = ""] = parts;
  if (!/^\d+$/.test(maskText))
    return { error: `the mask after '/' must be a whole number, got "${maskText}"` };
  const bytes = parseIp(address);
  if (!bytes) return { error: `"${address}" is not an IPv4 or IPv6 address` };
  const bits = bytes.length * 8;
  const mask = Number(maskText);
  if (mask >= bits) {
    return {
      error:
        `EventBridge accepts ${bytes.length === 4 ? "IPv4" : "IPv6"} masks 0-${bits - 1}, got /${mask}; ` +
        `to match one address, list it as an exact value: ["${address}"]`,
    };
  }
  const hostBits = bits - mask;
  const top = bytes.map((b, i) => {
    const bitsInByte = Math.min(8, Math.max(0, hostBits - (bytes.length - 1 - i) * 8));
    return b | ((1 << bitsInByte) - 1);
  });
  return { bottom: bytes, top };
}

function compareBytes(a: IpBytes, b: IpBytes): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function ipInRange(ip: IpBytes, range: IpRange): boolean {
  return (
    ip.length === range.bottom.length &&
    compareBytes(ip, range.bottom) >= 0 &&
    compareBytes(ip, range.top) <= 0
  );
}

export function sameIp(a: IpBytes, b: IpBytes): boolean {
  return a.length === b.length && compareBytes(a, b) === 0;
}
