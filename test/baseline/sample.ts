/** A small valid baseline for validation tests: two roles, one environment, one variable. */
export const SAMPLE_FILE = 'sample.yml';
export const NOW = new Date('2026-11-27T12:00:00Z');
export const ADMIN_CIDR = '198.51.100.0/24';
export const WORLD_V4 = '0.0.0.0/0';
export const SENTINEL = '127.0.0.1/32';

export const SAMPLE_YAML = `version: 1
name: demo
requiredTags: [Name, Environment]
restrictedPorts: [22, 6379]
roles:
  web:
    title: Web tier
    risk: LOW
    compliance: [SOC2]
    ingress:
      - id: web_https
        ports: 443
        protocol: tcp
        peer: { cidr: ${WORLD_V4} }
        purpose: HTTPS access
        justification: Public site
        description: HTTPS from internet (web_https)
      - id: web_ssh
        ports: 22
        protocol: tcp
        peer: { var: admin_cidr }
        purpose: SSH access
        justification: Admins only
        description: SSH from admins (web_ssh)
    egress:
      - id: web_to_cache
        ports: 6379
        protocol: tcp
        peer: { role: cache }
        purpose: Cache
        justification: Sessions
        description: Redis to cache (web_to_cache)
  cache:
    title: Cache tier
    risk: HIGH
    autoRevert: false
    noOutbound: true
    ingress:
      - id: cache_from_web
        ports: 6379
        protocol: tcp
        peer: { role: web }
        purpose: Cache access
        justification: Sessions
        description: Redis from web (cache_from_web)
      - id: cache_internal
        ports: 16379
        protocol: tcp
        peer: { role: self }
        purpose: Cluster
        justification: Gossip
        description: Cluster gossip (cache_internal)
    egress:
      - id: cache_outbound_none
        ports: all
        protocol: -1
        peer: { cidr: ${SENTINEL} }
        purpose: Blocked
        justification: No outbound
        description: No outbound (cache_outbound_none)
environments:
  production:
    vars:
      admin_cidr: ${ADMIN_CIDR}
    vpcIds: [vpc-0123456789abcdef0]
    roles:
      web: { groupName: demo-web-sg }
      cache: { nameTag: demo-cache }
  staging:
    vars:
      admin_cidr: 192.0.2.0/24
    roles:
      web: { groupName: demo-staging-web-sg }
      cache: { groupName: demo-staging-cache-sg }
exceptions: []
`;

/** The 1-based line of the first occurrence of `needle` in `text` (after `after`, when given). */
export function lineOf(text: string, needle: string, after = ''): number {
  const start = after ? text.indexOf(after) : 0;
  const index = text.indexOf(needle, start);
  if (index < 0) throw new Error(`test setup: '${needle}' not in text`);
  return text.slice(0, index).split('\n').length;
}

/** `text` with the first `from` (after `after`, when given) replaced by `to`; fails if absent. */
export function edit(text: string, from: string, to: string, after = ''): string {
  const start = after ? text.indexOf(after) : 0;
  const index = text.indexOf(from, start);
  if (index < 0) throw new Error(`test setup: '${from}' not in text`);
  return text.slice(0, index) + to + text.slice(index + from.length);
}
