import {
  BENCH_INTERFACES,
  syntheticInterfaces,
  syntheticRouteTables,
} from '../../src/bench/daily-exposure-bench';
import { exposureByGroup } from '../../src/model/exposure';
import { normalizeNetworkInterfaces } from '../../src/model/interfaces';
import { readRouteTables } from '../../src/model/route-tables';

describe('bench: the synthetic estate of the daily audit with exposure', () => {
  const interfaces = normalizeNetworkInterfaces(syntheticInterfaces(BENCH_INTERFACES));
  const exposure = exposureByGroup(interfaces, readRouteTables(syntheticRouteTables()));

  it('holds 10,000 interfaces of instances, load balancers and RDS over every group', () => {
    expect(interfaces).toHaveLength(10_000);
    const kinds = new Set(interfaces.map((networkInterface) => networkInterface.kind));
    expect(kinds).toEqual(new Set(['instance', 'load-balancer', 'rds']));
    expect(exposure.size).toBe(2_500);
  });

  it('puts one interface in ten where the internet reaches it, through the route tables', () => {
    let reachable = 0;
    for (const group of exposure.values()) reachable += group.reachable.length;
    // 1,000 public interfaces, counted once per group they carry: every second one carries two.
    expect(reachable).toBe(1_500);
    expect([...exposure.values()][0]?.basis).toBe('public-address-and-igw-route');
  });
});
