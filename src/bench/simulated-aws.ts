/**
 * Simulated AWS for one account-region of the organization simulation: an object that answers
 * the EC2Client's `send` for the two describe calls of the audit, so the REAL reader
 * (`createEc2Reader`: pagination, per-page normalization) runs on it. Each request first gets the
 * member role's credentials (AssumeRole from the central account, through the real
 * `cachedUntilExpiry`), then takes a token of the account-region's EC2 describe bucket, retrying
 * as the SDK's adaptive mode does, then costs its latency on the simulated clock.
 */
import {
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { cachedUntilExpiry } from '../aws/credential-cache';
import { estateInterface, type RegionEstate } from './org-estate';
import { AdaptiveRetry, type CallRecord } from './sdk-retry-model';
import type { SimulatedClock } from './simulated-clock';
import { TokenBucket } from './token-bucket';

/**
 * Latencies, in simulated ms. A describe page costs 80 ms plus 220 ms per 1,000 items on it
 * (80 ms for an empty region's page, 300 ms for a full 1,000-group page, as EC2 answers large
 * DescribeSecurityGroups pages); a throttled answer comes back fast; AssumeRole is a small call;
 * each Distributed Map item is one Lambda invocation, the first on each slot a cold start.
 */
export const LATENCY_MS = {
  describeBase: 80,
  describePerThousand: 220,
  throttledAnswer: 30,
  assumeRole: 120,
  invoke: 50,
  coldStart: 500,
} as const;

/** EC2's non-mutating (describe) bucket: 100 tokens, refilled at 20 per second, per account and region. */
export const EC2_DESCRIBE_BUCKET = { capacity: 100, refillPerSecond: 20 } as const;
/** STS: 600 requests per second per account and region; every AssumeRole comes from the central account. */
export const STS_BUCKET = { capacity: 600, refillPerSecond: 600 } as const;

const SESSION_MS = 3600 * 1000;

/** Counters of one item (or of the whole run, summed). */
export interface CallCounts {
  ec2Requests: number;
  ec2Throttles: number;
  stsRequests: number;
  stsThrottles: number;
}

export const noCalls = (): CallCounts => ({
  ec2Requests: 0,
  ec2Throttles: 0,
  stsRequests: 0,
  stsThrottles: 0,
});

/** What every account-region shares: the clock, the randomness and the central account's STS bucket. */
export interface SimulatedWorld {
  clock: SimulatedClock;
  random: () => number;
  stsBucket: TokenBucket;
}

/** One account-region's simulated EC2 (and its AssumeRole), with the counts of what it was sent. */
export class SimulatedAccountRegion {
  readonly counts: CallCounts = noCalls();
  private readonly bucket: TokenBucket;
  private readonly ec2Retry: AdaptiveRetry;
  private readonly stsRetry: AdaptiveRetry;
  private readonly credentials: () => Promise<unknown>;
  private neighbourAt: number;

  constructor(
    private readonly estate: RegionEstate,
    private readonly world: SimulatedWorld,
  ) {
    const { clock, random } = world;
    // A neighbour has just emptied the bucket when the item starts, and keeps spending.
    this.bucket = new TokenBucket(
      EC2_DESCRIBE_BUCKET.capacity,
      EC2_DESCRIBE_BUCKET.refillPerSecond,
      estate.neighbour ? 0 : EC2_DESCRIBE_BUCKET.capacity,
      clock.now(),
    );
    this.neighbourAt = clock.now();
    this.ec2Retry = new AdaptiveRetry(clock, random);
    this.stsRetry = new AdaptiveRetry(clock, random);
    this.credentials = cachedUntilExpiry(
      () => this.assumeRole(),
      () => clock.now(),
    );
  }

  /** An EC2Client for `createEc2Reader`: only `send` of the three describe commands is answered. */
  ec2Client(): EC2Client {
    return { send: (command: unknown) => this.send(command) } as unknown as EC2Client;
  }

  private async send(command: unknown) {
    await this.credentials();
    if (command instanceof DescribeSecurityGroupsCommand) {
      const page = await this.page(this.estate.groups, command.input, this.estate.group);
      return { SecurityGroups: page.items, NextToken: page.nextToken };
    }
    if (command instanceof DescribeNetworkInterfacesCommand) {
      const page = await this.page(this.estate.interfaces, command.input, (index) =>
        estateInterface(this.estate, index),
      );
      return { NetworkInterfaces: page.items, NextToken: page.nextToken };
    }
    if (command instanceof DescribeRouteTablesCommand) {
      // Every region has its default VPC's main table; a used region a few more (one page).
      const page = await this.page(this.estate.groups > 0 ? 4 : 1, command.input, (index) => ({
        RouteTableId: `rtb-${index}`,
        VpcId: 'vpc-simulated',
        Associations: [{ Main: index === 0 }],
        Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-simulated', State: 'active' }],
      }));
      return { RouteTables: page.items, NextToken: page.nextToken };
    }
    throw new Error(`the simulation does not answer ${String((command as object)?.constructor?.name)}`);
  }

  private async page<T>(
    total: number,
    input: { MaxResults?: number | undefined; NextToken?: string | undefined },
    make: (index: number) => T,
  ): Promise<{ items: T[]; nextToken: string | undefined }> {
    const record = await this.ec2Retry.call(() => this.describeAttempt());
    if (!record.ok) throw throttled('RequestLimitExceeded', 'Request limit exceeded.', record);
    const start = Number(input.NextToken ?? 0);
    const count = Math.max(0, Math.min(input.MaxResults ?? total, total - start));
    await this.world.clock.sleep(LATENCY_MS.describeBase + (LATENCY_MS.describePerThousand * count) / 1000);
    const items = Array.from({ length: count }, (_, offset) => make(start + offset));
    return { items, nextToken: start + count < total ? String(start + count) : undefined };
  }

  private async describeAttempt(): Promise<boolean> {
    const now = this.world.clock.now();
    this.counts.ec2Requests += 1;
    if (this.estate.neighbour) {
      this.bucket.drain(now, (this.estate.neighbour.drainPerSecond * (now - this.neighbourAt)) / 1000);
      this.neighbourAt = now;
    }
    if (this.bucket.take(now)) return true;
    this.counts.ec2Throttles += 1;
    await this.world.clock.sleep(LATENCY_MS.throttledAnswer);
    return false;
  }

  private async assumeRole() {
    const { clock, stsBucket } = this.world;
    const record = await this.stsRetry.call(async () => {
      this.counts.stsRequests += 1;
      if (stsBucket.take(clock.now())) return true;
      this.counts.stsThrottles += 1;
      await clock.sleep(LATENCY_MS.throttledAnswer);
      return false;
    });
    if (!record.ok) throw throttled('Throttling', 'Rate exceeded', record);
    await clock.sleep(LATENCY_MS.assumeRole);
    return {
      accessKeyId: 'ASIASIMULATED',
      secretAccessKey: 'simulated',
      expiration: new Date(clock.now() + SESSION_MS),
    };
  }
}

/** The error the SDK throws when the attempts are spent: its `name` is the AWS error code. */
function throttled(code: string, message: string, record: CallRecord): Error {
  return Object.assign(new Error(`${message} (${record.attempts} attempts)`), { name: code });
}
