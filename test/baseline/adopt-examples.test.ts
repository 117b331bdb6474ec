import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readJson } from './helpers';
import { roundTrip } from './round-trip';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const ADOPT = path.join(EXAMPLES, 'adopt');

/** Every example estate: the seed's and the real-account shapes of examples/adopt. */
const ALL = [
  ...readdirSync(EXAMPLES)
    .filter((file) => file.endsWith('.json'))
    .map((file) => path.join(EXAMPLES, file)),
  ...readdirSync(ADOPT).map((file) => path.join(ADOPT, file)),
];

/** `check severity` of each finding that is not drift, sorted: what the audit says after init. */
function remaining(file: string, vpcId?: string): string[] {
  const { findings } = roundTrip(readJson(file), 'production', vpcId);
  return findings.map((finding) => `${finding.check} ${finding.severity} ${finding.groupName}`).sort();
}

describe('examples: baseline init round trip', () => {
  it.each(ALL.map((file) => [path.relative(EXAMPLES, file), file]))(
    '%s audits with no drift',
    (_name, file) => {
      expect(roundTrip(readJson(file), 'production').drift).toEqual([]);
    },
  );
});

describe('examples: what the audit reports after init', () => {
  it('default VPC: the world-open SSH of launch-wizard-1 stays CRITICAL, the default group is judged', () => {
    const { generated } = roundTrip(readJson(path.join(ADOPT, 'default-vpc.json')), 'production');
    expect(generated.reviews).toEqual([
      'launch-wizard-1 (launch-wizard-1, sg-0f1e2d3c4b5a69788): ingress 22/tcp from 0.0.0.0/0: restricted port 22 open to the whole internet (0.0.0.0/0)',
    ]);
    const found = remaining(path.join(ADOPT, 'default-vpc.json'));
    expect(found.filter((line) => !line.startsWith('undocumented-rules'))).toEqual([
      'default-group-open MEDIUM default',
      'default-group-open MEDIUM default',
      'permissive-rules CRITICAL launch-wizard-1',
    ]);
    // IPv6 ::/0 on 80/443, ICMP type 3 code 4, icmpv6 and the S3 prefix list are declared, not exposure.
    expect(generated.yaml).toContain('peer: { prefixList: pl-6da54004 }');
    expect(generated.yaml).toMatch(/ports: 3-4\n\s+protocol: icmp\n/);
  });

  it('EC2-Classic with a classic ELB: the amazon-elb group is declared with its account, nothing pinned', () => {
    const file = path.join(ADOPT, 'ec2-classic-elb.json');
    const { generated } = roundTrip(readJson(file), 'production');
    expect(generated.yaml).toContain('peer: { group: sg-843f59ed, account: amazon-elb }');
    expect(generated.yaml).not.toContain('vpcIds');
    expect(remaining(file).filter((line) => !line.startsWith('undocumented-rules'))).toEqual([
      'default-group-open MEDIUM default',
      'default-group-open MEDIUM default',
      'default-group-open MEDIUM default',
    ]);
  });

  it('peering pair and IPsec: the peered group keeps its account and connection; ESP, AH and GRE round-trip', () => {
    const file = path.join(ADOPT, 'peering-and-ipsec.json');
    const { generated } = roundTrip(readJson(file), 'production');
    expect(generated.yaml).toContain(
      'peer: { group: sg-e9843198, account: "777788889999", peering: pcx-0a5e2a63 }',
    );
    for (const protocol of ['"50"', '"51"', '"47"'])
      expect(generated.yaml).toContain(`protocol: ${protocol}`);
    expect(remaining(file).filter((line) => !line.startsWith('undocumented-rules'))).toEqual([]);
  });

  it('two VPCs with the same group names: four roles, each selected in its own VPC', () => {
    const file = path.join(ADOPT, 'two-vpcs-same-names.json');
    const { generated } = roundTrip(readJson(file), 'production');
    expect(generated.yaml).toContain(
      'web-vpc-0aaa1111bbbb2222c: { groupName: web-sg, vpcId: vpc-0aaa1111bbbb2222c }',
    );
    expect(generated.yaml).toContain(
      'app-vpc-0ddd3333eeee4444f: { groupName: app-sg, vpcId: vpc-0ddd3333eeee4444f }',
    );
    expect(remaining(file).filter((line) => !line.startsWith('undocumented-rules'))).toEqual([]);
    // --vpc-id: one VPC's groups as roles, the other VPC out of scope.
    expect(roundTrip(readJson(file), 'production', 'vpc-0ddd3333eeee4444f').drift).toEqual([]);
  });
});
