/** Port and protocol math on canonical rules: what traffic a rule lets through. */
import { hasPorts } from './protocol';
import type { Rule } from './types';

export type Traffic = Pick<Rule, 'protocol' | 'fromPort' | 'toPort'>;

const ANY = -1;
const MAX_PORT = 65535;

/** Whether the rule lets `protocol` traffic to `port` through; protocol `all` covers everything. */
export function coversPort(rule: Traffic, protocol: 'tcp' | 'udp', port: number): boolean {
  if (rule.protocol === 'all') return true;
  if (rule.protocol !== protocol) return false;
  return portFrom(rule) <= port && port <= portTo(rule);
}

/** Whether every packet `inner` allows, `outer` allows too. */
export function trafficCovers(outer: Traffic, inner: Traffic): boolean {
  if (outer.protocol === 'all') return true;
  if (outer.protocol !== inner.protocol) return false;
  if (hasPorts(outer.protocol)) {
    return portFrom(outer) <= portFrom(inner) && portTo(inner) <= portTo(outer);
  }
  if (isIcmp(outer.protocol)) {
    if (outer.fromPort === ANY) return true;
    return outer.fromPort === inner.fromPort && (outer.toPort === ANY || outer.toPort === inner.toPort);
  }
  // Any other IP protocol (ESP, GRE…) has no ports: the same protocol is the same traffic.
  return true;
}

/** Whether some packet is allowed by both. */
export function trafficOverlaps(a: Traffic, b: Traffic): boolean {
  if (a.protocol === 'all' || b.protocol === 'all') return true;
  if (a.protocol !== b.protocol) return false;
  if (hasPorts(a.protocol)) {
    return portFrom(a) <= portTo(b) && portFrom(b) <= portTo(a);
  }
  if (isIcmp(a.protocol)) {
    if (a.fromPort === ANY || b.fromPort === ANY) return true;
    return a.fromPort === b.fromPort && (a.toPort === ANY || b.toPort === ANY || a.toPort === b.toPort);
  }
  return true;
}

/** The ports part alone: `22`, `8000-8080`, `0-65535`, `all`, icmp `8/0` or `any`. */
export function formatPorts(rule: Traffic): string {
  if (hasPorts(rule.protocol)) {
    const from = portFrom(rule);
    const to = portTo(rule);
    return from === to ? String(from) : `${from}-${to}`;
  }
  if (isIcmp(rule.protocol)) return rule.fromPort === ANY ? 'any' : `${rule.fromPort}/${rule.toPort}`;
  return 'all';
}

/** Ports and protocol, short: `5432/tcp`, `0-65535/udp`, `all traffic`, `icmp 8/-1`, `protocol 50`. */
export function formatTraffic(rule: Traffic): string {
  if (rule.protocol === 'all') return 'all traffic';
  if (hasPorts(rule.protocol)) return `${formatPorts(rule)}/${rule.protocol}`;
  if (isIcmp(rule.protocol)) return `${rule.protocol} ${formatPorts(rule)}`;
  return `protocol ${rule.protocol}`;
}

function isIcmp(protocol: string): boolean {
  return protocol === 'icmp' || protocol === 'icmpv6';
}

// Inclusive tcp/udp bounds. A -1 start (not canonical, but AWS's own spelling) means every port.
// Two functions rather than a tuple: these run per rule per restricted port in every audit.
function portFrom(rule: Traffic): number {
  return rule.fromPort === ANY ? 0 : rule.fromPort;
}

function portTo(rule: Traffic): number {
  if (rule.fromPort === ANY) return MAX_PORT;
  return rule.toPort === ANY ? rule.fromPort : rule.toPort;
}
