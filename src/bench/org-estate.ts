/**
 * The simulated organization: accounts × regions and what each account-region holds. Most
 * regions hold only the default group (nobody works there); each account has a home region with
 * tens of groups, one in three a second busy region, one in forty a home region with hundreds,
 * and one account-region sits at the quota ceiling. A few account-regions have a neighbour:
 * another tool (a CSPM scanner, a Terraform plan) spending the same EC2 describe tokens.
 */
import type { RawSecurityGroup } from '../model/normalize';
import { CEILING_GROUPS, CEILING_INTERFACES, ceilingGroup, syntheticInterface } from './ceiling-estate';
import { syntheticGroup } from './daily-audit-bench';

/** The 17 regions enabled by default in an account. */
export const ORG_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
] as const;

export const EstateKind = { Empty: 'empty', Tens: 'tens', Hundreds: 'hundreds', Ceiling: 'ceiling' } as const;
export type EstateKind = (typeof EstateKind)[keyof typeof EstateKind];

/** Another client of the same describe bucket: it empties it at the item's start and keeps spending. */
export interface Neighbour {
  drainPerSecond: number;
}

export interface RegionEstate {
  kind: EstateKind;
  groups: number;
  interfaces: number;
  neighbour?: Neighbour;
  /** The `index`th raw group of this estate. */
  group(index: number): RawSecurityGroup;
}

export interface OrgItemSpec {
  accountId: string;
  region: string;
  estate: RegionEstate;
}

export interface OrganizationShape {
  accounts: number;
  regions: readonly string[];
  /** Share of account-regions with a neighbour, and how many describe tokens per second it spends. */
  neighbourShare: number;
  neighbourDrainPerSecond: number;
  /** Whether account 0's first region is at the quota ceiling. */
  ceiling: boolean;
  seed: number;
}

export const DEFAULT_ORGANIZATION: OrganizationShape = {
  accounts: 1_000,
  regions: ORG_REGIONS,
  neighbourShare: 0.02,
  // A scanner spending 15 of the 20 tokens refilled each second: 5 per second are left.
  neighbourDrainPerSecond: 15,
  ceiling: true,
  seed: 11,
};

// The default group of a VPC: one egress rule (and the self-reference, here an ingress rule).
const DEFAULT_GROUP_RULES = 2;
const RULES_PER_GROUP = 20;

/** Every account-region of the organization, accounts in order, deterministic for a seed. */
export function organizationItems(shape: OrganizationShape): OrgItemSpec[] {
  const random = seededRandom(shape.seed);
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const items: OrgItemSpec[] = [];
  for (let account = 0; account < shape.accounts; account += 1) {
    const accountId = String(100_000_000_000 + account);
    const home = account % shape.regions.length;
    const second = (account * 7 + 3) % shape.regions.length;
    shape.regions.forEach((region, index) => {
      let estate: RegionEstate;
      if (shape.ceiling && account === 0 && index === 0) estate = ceilingEstate();
      else if (index === home && account % 40 === 7)
        estate = smallEstate(EstateKind.Hundreds, between(200, 900));
      else if (index === home || (index === second && account % 3 === 0))
        estate = smallEstate(EstateKind.Tens, between(5, 60));
      else estate = emptyEstate();
      if (random() < shape.neighbourShare)
        estate = { ...estate, neighbour: { drainPerSecond: shape.neighbourDrainPerSecond } };
      items.push({ accountId, region, estate });
    });
  }
  return items;
}

function ceilingEstate(): RegionEstate {
  return {
    kind: EstateKind.Ceiling,
    groups: CEILING_GROUPS,
    interfaces: CEILING_INTERFACES,
    group: ceilingGroup,
  };
}

function smallEstate(kind: EstateKind, groups: number): RegionEstate {
  return { kind, groups, interfaces: groups * 2, group: (index) => syntheticGroup(index, RULES_PER_GROUP) };
}

function emptyEstate(): RegionEstate {
  return {
    kind: EstateKind.Empty,
    groups: 1,
    interfaces: 0,
    group: (index) => syntheticGroup(index, DEFAULT_GROUP_RULES),
  };
}

/** The interfaces of an estate, as DescribeNetworkInterfaces pages them. */
export function estateInterface(estate: RegionEstate, index: number) {
  return syntheticInterface(index, estate.groups);
}

/** mulberry32: a small, seeded, reproducible generator (the simulation must not vary run to run). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
