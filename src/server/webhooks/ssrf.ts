import "server-only";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * The SSRF guard of outgoing webhook and chat requests (docs: README "Webhooks"): only http(s) URLs whose host
 * resolves (once) to public addresses; the connection goes to exactly the address that was checked (no second
 * DNS answer can swap in 127.0.0.1); redirects are not followed. `WEBHOOKS_ALLOW_PRIVATE_URLS=1` turns the
 * address check off (tests, on-premises installs whose receivers live on the private network).
 */

const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network", 0.0.0.0
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata 169.254.169.254)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fe80::", 10], // link-local
  ["fc00::", 7], // unique local
  ["ff00::", 8], // multicast
  ["2001:db8::", 32], // documentation
  ["100::", 64], // discard
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** The IPv4 address inside an IPv4-mapped / -compatible / NAT64 IPv6 address (::ffff:a.b.c.d, 64:ff9b::a.b.c.d), or null. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

/** Whether an IP address is loopback, private, link-local, unique-local, unspecified, multicast or reserved. */
export function isBlockedAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return blocked.check(address, "ipv4");
  if (version === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return blocked.check(v4, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true;
}

export function privateUrlsAllowed(): boolean {
  return process.env.WEBHOOKS_ALLOW_PRIVATE_URLS === "1";
}

export class UnsafeTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeTargetError";
  }
}

/** The URL's problem for a webhook target without resolving it (scheme, credentials, an IP literal that is blocked), or null. */
export function urlProblem(raw: string, allowPrivate = privateUrlsAllowed()): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "not a valid URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "only http and https URLs are allowed";
  if (url.username || url.password) return "credentials in the URL are not allowed";
  if (!allowPrivate) {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) && isBlockedAddress(host)) return "the address is private, loopback or link-local";
    if (/^localhost$|\.localhost$/i.test(host)) return "the address is private, loopback or link-local";
  }
  return null;
}

/** Resolves the host once and returns the address to connect to; refuses blocked addresses unless allowed. */
export async function resolveTarget(url: URL, allowPrivate = privateUrlsAllowed()): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new UnsafeTargetError(`${host} does not resolve`);
  if (!allowPrivate) {
    const bad = addresses.find((a) => isBlockedAddress(a.address));
    if (bad) throw new UnsafeTargetError(`${host} resolves to a private, loopback or link-local address`);
  }
  const first = addresses[0] as { address: string; family: number };
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

export type OutgoingResult = { status: number; body: string };

/** Responses are read up to this many bytes (kept in the delivery log, shortened). */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs `body` to `rawUrl` through the guard: DNS resolved once, the socket pinned to that address (TLS still
 * checks the certificate for the host name), no redirects (a 3xx is the answer), a timeout for the whole exchange.
 */
export async function postGuarded(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  { timeoutMs = 10_000, allowPrivate = privateUrlsAllowed() }: { timeoutMs?: number; allowPrivate?: boolean } = {},
): Promise<OutgoingResult> {
  const problem = urlProblem(rawUrl, allowPrivate);
  if (problem) throw new UnsafeTargetError(problem);
  const url = new URL(rawUrl);
  const target = await resolveTarget(url, allowPrivate);
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise<OutgoingResult>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "POST",
        lookup: pinned,
        agent: false,
        headers: { "content-type": "application/json", "user-agent": "EchoNPS-Webhooks/1", "content-length": String(Buffer.byteLength(body)), ...headers },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8").slice(0, MAX_RESPONSE_BYTES) }));
        response.on("error", reject);
      },
    );
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on("error", (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.on("close", () => clearTimeout(deadline));
    request.end(body);
  });
}
