import type { Protocol } from './types';

// A Map: a string such as `constructor` must find nothing, not a member of Object.prototype.
const NAMED_BY_NUMBER: ReadonlyMap<number, Protocol> = new Map([
  [-1, 'all'],
  [1, 'icmp'],
  [6, 'tcp'],
  [17, 'udp'],
  [58, 'icmpv6'],
]);
const KNOWN_NAMES = new Set(['all', 'tcp', 'udp', 'icmp', 'icmpv6']);

/**
 * `-1`/`all` → `all`, `6` → `tcp`, `TCP` → `tcp`, `50` → `"50"`. Undefined for anything else.
 * A number is read as AWS reads it, so leading zeros do not matter: `"006"` is tcp.
 */
export function normalizeProtocol(raw: unknown): Protocol | undefined {
  if (typeof raw === 'number' && Number.isInteger(raw)) return normalizeProtocol(String(raw));
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim().toLowerCase();
  if (KNOWN_NAMES.has(value)) return value;
  if (value === '-1') return 'all';
  if (!/^\d{1,3}$/.test(value) || Number(value) > 255) return undefined;
  const number = Number(value);
  return NAMED_BY_NUMBER.get(number) ?? String(number);
}

/** Whether the protocol has port numbers (tcp, udp) rather than types/codes or nothing. */
export function hasPorts(protocol: Protocol): boolean {
  return protocol === 'tcp' || protocol === 'udp';
}

/**
 * Canonical port pair for a protocol. AWS reports `all` with no ports or -1/-1, tcp/udp "all ports"
 * as 0-65535, ports sometimes as strings; icmp type/code -1 means any.
 */
export function canonicalPorts(
  protocol: Protocol,
  from: unknown,
  to: unknown,
): { fromPort: number; toPort: number } {
  if (protocol === 'all') return { fromPort: -1, toPort: -1 };
  const fromPort = toPortNumber(from);
  const toPort = toPortNumber(to);
  if (hasPorts(protocol)) {
    if (fromPort === -1 && toPort === -1) return { fromPort: 0, toPort: 65535 };
    return { fromPort, toPort: toPort === -1 ? fromPort : toPort };
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') return { fromPort, toPort };
  return { fromPort: -1, toPort: -1 };
}

function toPortNumber(raw: unknown): number {
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) return Number(raw.trim());
  return -1;
}
