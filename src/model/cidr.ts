/** CIDR parsing and math over both families: containment, overlap, and "open to the internet". */

export const WORLD_V4 = '0.0.0.0/0';
export const WORLD_V6 = '::/0';

export interface ParsedCidr {
  family: 4 | 6;
  /** The network address with host bits cleared. */
  network: bigint;
  prefix: number;
}

const BITS = { 4: 32, 6: 128 } as const;

/** Parses `a.b.c.d/n` or an IPv6 `x::y/n` strictly; host bits are allowed and cleared. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const cached = parsedCache.get(text);
  if (cached !== undefined || parsedCache.has(text)) return cached;
  const parsed = parseUncached(text);
  remember(parsedCache, text, parsed);
  return parsed;
}

/** The canonical spelling: dotted IPv4, RFC 5952 IPv6 (lower case, longest zero run as `::`), host bits cleared. */
export function canonicalCidr(text: string): string | undefined {
  // Most CIDRs AWS reports are already canonical IPv4: recognised without the memo's hashing.
  if (isCanonicalIpv4Cidr(text)) return text;
  const cached = canonicalCache.get(text);
  if (cached !== undefined || canonicalCache.has(text)) return cached;
  const parsed = parseCidr(text);
  const canonical = parsed ? formatCidr(parsed) : undefined;
  remember(canonicalCache, text, canonical);
  return canonical;
}

/**
 * Whether `text` is an IPv4 CIDR spelled as canonicalCidr spells it: four decimal octets without
 * leading zeros, a prefix of 0-32, host bits clear. A character scan: this runs for every rule read.
 */
export function isCanonicalIpv4Cidr(text: string): boolean {
  const length = text.length;
  if (length < 9 || length > 18) return false;
  let address = 0;
  let at = 0;
  for (let part = 0; part < 5; part += 1) {
    const start = at;
    let value = 0;
    while (at < length) {
      const digit = text.charCodeAt(at) - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
      at += 1;
    }
    const digits = at - start;
    if (digits === 0 || digits > 3 || (digits > 1 && text.charCodeAt(start) === 48)) return false;
    if (part < 4) {
      if (value > 255 || text.charCodeAt(at) !== (part < 3 ? 46 : 47)) return false; // '.' or '/'
      address = (address << 8) | value; // 32 bits, as a signed integer: only its bits matter
      at += 1;
    } else {
      if (at !== length || value > 32) return false;
      // Host bits clear: shifting the prefix's bits out leaves nothing (JS shifts by 32 as by 0).
      return value === 32 || (value === 0 ? address === 0 : address << value === 0);
    }
  }
  return false;
}

/** Whether every address of `inner` is in `outer`. False across families or on invalid input. */
export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (!a || !b || a.family !== b.family || a.prefix > b.prefix) return false;
  const shift = BigInt(BITS[a.family] - a.prefix);
  return a.network >> shift === b.network >> shift;
}

/** Whether the two ranges share at least one address. False across families or on invalid input. */
export function cidrOverlaps(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y || x.family !== y.family) return false;
  const shift = BigInt(BITS[x.family] - Math.min(x.prefix, y.prefix));
  return x.network >> shift === y.network >> shift;
}

/** Whether the range overlaps public (globally routable) address space. False on invalid input. */
export function includesPublicAddresses(cidr: string): boolean {
  const cached = publicCache.get(cidr);
  if (cached !== undefined) return cached;
  const parsed = parseCidr(cidr);
  let result = false;
  if (parsed) {
    const [start, end] = bounds(parsed);
    result = PUBLIC[parsed.family].some(([ps, pe]) => start <= pe && ps <= end);
  }
  remember(publicCache, cidr, result);
  return result;
}

/**
 * Whether the union of the CIDRs covers all public space of at least one family, so
 * `['0.0.0.0/1', '128.0.0.0/1']` is the world as much as `0.0.0.0/0`. Invalid entries are ignored.
 */
export function coversPublicInternet(cidrs: readonly string[]): boolean {
  const intervals: Record<4 | 6, Interval[]> = { 4: [], 6: [] };
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr);
    if (parsed) intervals[parsed.family].push(bounds(parsed));
  }
  return covers(merge(intervals[4]), PUBLIC[4]) || covers(merge(intervals[6]), PUBLIC[6]);
}

/** Whether this one CIDR is "open to the world": it covers all public space of its family. */
export function isWorldCidr(cidr: string): boolean {
  // Same answer as coversPublicInternet([cidr]) without its arrays: checks run this per rule.
  const parsed = parseCidr(cidr);
  if (!parsed) return false;
  const publicSpace = PUBLIC[parsed.family];
  const first = publicSpace[0];
  const last = publicSpace[publicSpace.length - 1];
  if (!first || !last) return false;
  // One interval covers every public interval when it holds the first start and the last end.
  const shift = BigInt(BITS[parsed.family] - parsed.prefix);
  return first[0] >> shift === parsed.network >> shift && last[1] >> shift === parsed.network >> shift;
}

type Interval = readonly [start: bigint, end: bigint];

// Special-purpose IPv4 ranges that are not reachable from the internet (RFC 6890 and friends).
const RESERVED_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3',
];
// IPv6 global unicast; everything else is link-local, unique-local, multicast or unassigned.
const PUBLIC_V6 = '2000::/3';

function bounds(cidr: ParsedCidr): Interval {
  const hostBits = BigInt(BITS[cidr.family] - cidr.prefix);
  return [cidr.network, cidr.network + (1n << hostBits) - 1n];
}

/** Sorts and merges intervals, joining adjacent ones, in O(n log n). */
function merge(intervals: Interval[]): Interval[] {
  intervals.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: [bigint, bigint][] = [];
  for (const [start, end] of intervals) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1] + 1n) {
      if (end > last[1]) last[1] = end;
    } else {
      merged.push([start, end]);
    }
  }
  return merged;
}

/** Whether merged, sorted, disjoint `union` covers every interval of sorted `target`. */
function covers(union: readonly Interval[], target: readonly Interval[]): boolean {
  let u = 0;
  for (const [start, end] of target) {
    // A contiguous target interval can only lie inside one merged interval.
    while (u < union.length && (union[u] as Interval)[1] < start) u++;
    const candidate = union[u];
    if (!candidate || candidate[0] > start || candidate[1] < end) return false;
  }
  return true;
}

/** The complement of `holes` within `[0, max]`, sorted. */
function complement(holes: readonly Interval[], max: bigint): Interval[] {
  const result: Interval[] = [];
  let next = 0n;
  for (const [start, end] of merge([...holes])) {
    if (start > next) result.push([next, start - 1n]);
    next = end + 1n;
  }
  if (next <= max) result.push([next, max]);
  return result;
}

// Snapshots repeat the same CIDRs thousands of times; a bounded memo keeps parsing (and bigint
// arithmetic) off the hot path without letting a hostile input grow memory without limit. The
// bound is sized for large estates: 10,000 groups carry tens of thousands of distinct CIDRs, and a
// memo that is cleared while one audit is still running parses everything again.
const CACHE_LIMIT = 100_000;
const parsedCache = new Map<string, ParsedCidr | undefined>();
const canonicalCache = new Map<string, string | undefined>();
const publicCache = new Map<string, boolean>();

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

function parseUncached(text: string): ParsedCidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const prefix = parseDecimal(text.slice(slash + 1), 128);
  if (prefix === undefined) return undefined;
  const address = text.slice(0, slash);
  if (address.includes(':')) {
    const value = parseIpv6(address);
    if (value === undefined) return undefined;
    return freeze(6, mask(value, prefix, 128), prefix);
  }
  if (prefix > 32) return undefined;
  const value = parseIpv4(address);
  if (value === undefined) return undefined;
  return freeze(4, mask(BigInt(value), prefix, 32), prefix);
}

// Frozen because cached results are shared between callers.
function freeze(family: 4 | 6, network: bigint, prefix: number): ParsedCidr {
  return Object.freeze({ family, network, prefix });
}

function mask(value: bigint, prefix: number, bits: number): bigint {
  const hostBits = BigInt(bits - prefix);
  return (value >> hostBits) << hostBits;
}

/** A decimal without sign or leading zeros, at most `max`. */
function parseDecimal(text: string, max: number): number | undefined {
  if (text.length === 0 || text.length > 3 || (text.length > 1 && text[0] === '0')) return undefined;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value <= max ? value : undefined;
}

/** Dotted quad to an unsigned 32-bit number; leading zeros are rejected as ambiguous (octal). */
function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    const octet = parseDecimal(part, 255);
    if (octet === undefined) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const compressed = halves.length === 2;
  const head = parseGroups(halves[0] as string, !compressed);
  const tail = compressed ? parseGroups(halves[1] as string, true) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  // `::` stands for at least one zero group; without it there must be exactly eight.
  if (compressed ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const group of [...head, ...new Array<number>(missing).fill(0), ...tail]) {
    value = (value << 16n) | BigInt(group);
  }
  return value;
}

/** Colon-separated hex groups; at the end of the address the last may be dotted IPv4 (two groups). */
function parseGroups(text: string, endsAddress: boolean): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (endsAddress && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
    } else if (HEX_GROUP.test(part)) {
      groups.push(Number.parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return groups;
}

function formatCidr(cidr: ParsedCidr): string {
  if (cidr.family === 4) {
    const n = Number(cidr.network);
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${cidr.prefix}`;
  }
  return `${formatIpv6(cidr.network)}/${cidr.prefix}`;
}

/** RFC 5952: lower-case hex, no leading zeros, the first longest run of two or more zero groups as `::`. */
function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

// Computed last: it parses with the helpers above, which module initialization must reach first.
function mustParse(text: string): ParsedCidr {
  const parsed = parseUncached(text);
  if (!parsed) throw new Error(`invalid built-in CIDR ${text}`);
  return parsed;
}

const PUBLIC: Record<4 | 6, readonly Interval[]> = {
  4: complement(
    RESERVED_V4.map((cidr) => bounds(mustParse(cidr))),
    (1n << 32n) - 1n,
  ),
  6: [bounds(mustParse(PUBLIC_V6))],
};
