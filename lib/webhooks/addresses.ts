import "server-only";

import { BlockList, isIP, type LookupFunction } from "node:net";
import { lookup as dnsLookup } from "node:dns/promises";

/**
 * Where a webhook may be sent (SSRF guard). Only http(s); the host is resolved on every
 * delivery and each address classified here; the request is then made to the address that
 * was checked (pinned), so a DNS answer that changes between check and connect
 * (rebinding) cannot move it inside the network.
 */
export type AddressClass = "public" | "loopback" | "link-local" | "private" | "unspecified" | "reserved";

function list(entries: Array<[string, number, "ipv4" | "ipv6"]>): BlockList {
  const blocks = new BlockList();
  for (const [network, prefix, family] of entries) blocks.addSubnet(network, prefix, family);
  return blocks;
}

const LOOPBACK = list([
  ["127.0.0.0", 8, "ipv4"],
  ["::1", 128, "ipv6"],
]);
const LINK_LOCAL = list([
  ["169.254.0.0", 16, "ipv4"],
  ["fe80::", 10, "ipv6"],
]);
const PRIVATE = list([
  ["10.0.0.0", 8, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  // Carrier-grade NAT: a provider's internal network.
  ["100.64.0.0", 10, "ipv4"],
  ["fc00::", 7, "ipv6"],
]);
const UNSPECIFIED = list([
  ["0.0.0.0", 8, "ipv4"],
  ["::", 128, "ipv6"],
]);
const RESERVED = list([
  ["192.0.0.0", 24, "ipv4"],
  ["192.0.2.0", 24, "ipv4"],
  ["198.18.0.0", 15, "ipv4"],
  ["198.51.100.0", 24, "ipv4"],
  ["203.0.113.0", 24, "ipv4"],
  ["224.0.0.0", 4, "ipv4"],
  ["240.0.0.0", 4, "ipv4"],
  ["ff00::", 8, "ipv6"],
  ["2001:db8::", 32, "ipv6"],
]);

/** The IPv4 address an IPv6 one carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96), if any. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

export function classifyAddress(address: string): AddressClass {
  const family = isIP(address);
  if (family === 0) return "reserved";
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return classifyAddress(v4);
  }
  const type = family === 4 ? "ipv4" : "ipv6";
  if (LOOPBACK.check(address, type)) return "loopback";
  if (LINK_LOCAL.check(address, type)) return "link-local";
  if (PRIVATE.check(address, type)) return "private";
  if (UNSPECIFIED.check(address, type)) return "unspecified";
  if (RESERVED.check(address, type)) return "reserved";
  return "public";
}

export class BlockedAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly addressClass: AddressClass,
  ) {
    super(`${host} resolves to ${address}, a ${addressClass} address, which webhooks may not reach`);
    this.name = "BlockedAddressError";
  }
}

export interface ResolvedTarget {
  address: string;
  family: 4 | 6;
}

export type Resolver = (host: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Resolves `url`'s host and returns the address to connect to. With `allowPrivate` false
 * every resolved address must be public (one bad answer refuses the host: an attacker
 * controlling the DNS must not win by racing); unspecified and reserved addresses are
 * always refused.
 */
export async function resolveTarget(
  url: URL,
  allowPrivate: boolean,
  resolve: Resolver = systemResolver,
): Promise<ResolvedTarget> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const answers = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  if (answers.length === 0) throw new Error(`${host} did not resolve`);
  for (const { address } of answers) {
    const kind = classifyAddress(address);
    if (kind === "public") continue;
    if (allowPrivate && (kind === "loopback" || kind === "link-local" || kind === "private")) continue;
    throw new BlockedAddressError(host, address, kind);
  }
  const first = answers[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/**
 * A socket `lookup` that answers only the checked address, so the connection goes where
 * resolveTarget looked (no DNS rebinding between the check and the connect).
 */
export function pinnedLookup(target: ResolvedTarget): LookupFunction {
  return (_host, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else callback(null, target.address, target.family);
  };
}

/** http: or https: URLs only, without credentials; anything else is not a webhook URL. */
export function isAcceptableWebhookUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === "http:" || url.protocol === "https:") && !url.username && !url.password && !!url.hostname;
}
