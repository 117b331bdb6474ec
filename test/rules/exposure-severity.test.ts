import { resolveRoles } from '../../src/baseline/resolver';
import type { Estate } from '../../src/model/types';
import { evaluate } from '../../src/rules/engine';
import { RECORDED, recordedInterface, tempDebugGroup } from './exposure-helpers';
import { addRule, compliantEstate, ingress, NOW, productionBaseline, WORLD_V4 } from './helpers';

const TEMP_GROUP = 'sg-temp-debug';
const PUBLIC_INSTANCE = 'i-06082bd7eb8460b79 (54.209.172.47)';

/** The compliant estate plus `temp-debug-sg` (no baseline role) with SSH from the world. */
function withTempGroup(): Estate {
  const estate = compliantEstate();
  const temp = tempDebugGroup(TEMP_GROUP);
  return { ...estate, groups: [...estate.groups, temp] };
}

/** The estate as the full read gives it: these interfaces, and every group they carry as attached. */
function read(estate: Estate, interfaces: Estate['interfaces'] & object): Estate {
  return {
    ...estate,
    interfaces,
    attachedGroupIds: new Set(interfaces.flatMap((networkInterface) => networkInterface.groupIds)),
  };
}

function findingsAbout(estate: Estate, groupId: string, check = 'permissive-rules') {
  const baseline = productionBaseline();
  const context = { baseline, estate, resolution: resolveRoles(baseline, estate), now: NOW };
  return evaluate(context).findings.filter(
    (finding) => finding.groupId === groupId && finding.check === check,
  );
}

describe('engine: findings carry their exposure, and severity weighs it', () => {
  it('says nothing about exposure when interfaces were not read, and keeps the severity', () => {
    expect(findingsAbout(withTempGroup(), TEMP_GROUP)).toMatchObject([
      { severity: 'CRITICAL', exposure: null },
    ]);
  });

  it('keeps a world-open SSH on an unknown group CRITICAL when an internet-reachable instance carries it', () => {
    const estate = read(withTempGroup(), [recordedInterface(RECORDED.publicInstance, [TEMP_GROUP])]);
    const [found] = findingsAbout(estate, TEMP_GROUP);
    expect(found).toMatchObject({
      severity: 'CRITICAL',
      exposure: {
        interfaces: 1,
        reachable: 1,
        resources: [PUBLIC_INSTANCE],
        basis: 'public-address',
      },
    });
    expect(found?.exposure?.summary).toBe(
      `exposes ${PUBLIC_INSTANCE} to the internet via public IPs (route tables not read)`,
    );
  });

  it('lowers a world-open SSH on an unknown group attached to nothing to MEDIUM, and says so', () => {
    const estate = read(withTempGroup(), [recordedInterface(RECORDED.publicAlb, ['sg-frontend'])]);
    expect(findingsAbout(estate, TEMP_GROUP)).toMatchObject([
      {
        severity: 'MEDIUM',
        exposure: {
          interfaces: 0,
          reachable: 0,
          resources: [],
          summary: 'attached to nothing: not reachable today',
        },
      },
    ]);
  });

  it('counts a group only detached interfaces carry as attached to nothing in use', () => {
    const estate = read(withTempGroup(), [recordedInterface(RECORDED.detached, [TEMP_GROUP])]);
    expect(findingsAbout(estate, TEMP_GROUP)).toMatchObject([
      {
        severity: 'MEDIUM',
        exposure: {
          interfaces: 1,
          reachable: 0,
          summary: 'only on 1 detached interface: not reachable today',
        },
      },
    ]);
  });

  it('keeps the severity of an unknown group on a private resource, naming it', () => {
    const estate = read(withTempGroup(), [recordedInterface(RECORDED.privateElastiCache, [TEMP_GROUP])]);
    const [found] = findingsAbout(estate, TEMP_GROUP);
    expect(found).toMatchObject({ severity: 'CRITICAL', exposure: { interfaces: 1, reachable: 0 } });
    expect(found?.exposure?.summary).toBe(
      'attached to ElastiCache myecsgtest-003, none with a public IP (route tables not read)',
    );
  });

  it("never lowers a role's finding below the risk matrix, attached to nothing or not", () => {
    const estate = read(addRule(compliantEstate(), 'sg-database', ingress('tcp', 5432, 5432, WORLD_V4)), []);
    expect(findingsAbout(estate, 'sg-database')).toMatchObject([
      { severity: 'CRITICAL', exposure: { summary: 'attached to nothing: not reachable today' } },
    ]);
    const bastion = read(
      addRule(compliantEstate(), 'sg-bastion', ingress('tcp', 443, 443, '198.51.100.0/24')),
      [],
    );
    expect(findingsAbout(bastion, 'sg-bastion')).toMatchObject([{ severity: 'HIGH' }]);
  });

  it('does not call a group attached to nothing when only some interfaces were read', () => {
    // The change path reads the interfaces an event names: no attachedGroupIds, no verdict on others.
    const estate = {
      ...withTempGroup(),
      interfaces: [recordedInterface(RECORDED.publicAlb, ['sg-frontend'])],
      attachedGroupIds: undefined,
    };
    expect(findingsAbout(estate, TEMP_GROUP)).toMatchObject([{ severity: 'CRITICAL', exposure: null }]);
  });

  it('does not call a group on a detached interface "not reachable today" when only some interfaces were read', () => {
    // A CreateNetworkInterface event's read holds only the new, detached interface; the group may
    // well sit on a public instance the read did not include.
    const estate = {
      ...withTempGroup(),
      interfaces: [recordedInterface(RECORDED.detached, [TEMP_GROUP])],
      attachedGroupIds: undefined,
    };
    expect(findingsAbout(estate, TEMP_GROUP)).toMatchObject([{ severity: 'CRITICAL', exposure: null }]);
  });

  it("leaves the frontend's 80/443 from the world on the ALB clean", () => {
    const estate = read(compliantEstate(), [recordedInterface(RECORDED.publicAlb, ['sg-frontend'])]);
    const baseline = productionBaseline();
    const context = { baseline, estate, resolution: resolveRoles(baseline, estate), now: NOW };
    expect(evaluate(context).findings.filter((finding) => finding.role === 'frontend')).toEqual([]);
  });

  it('names at most ten resources and counts every reachable interface', () => {
    const interfaces = Array.from({ length: 12 }, (_, index) => ({
      ...recordedInterface(RECORDED.publicInstance, [TEMP_GROUP]),
      interfaceId: `eni-${index}`,
      resource: `i-${index}`,
    }));
    const [found] = findingsAbout(read(withTempGroup(), interfaces), TEMP_GROUP);
    expect(found?.exposure).toMatchObject({ interfaces: 12, reachable: 12 });
    expect(found?.exposure?.resources).toHaveLength(10);
    expect(found?.exposure?.summary).toContain('and 7 more');
  });
});
