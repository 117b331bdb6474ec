/**
 * The central change path of organization mode: one forwarded CloudTrail event → which member
 * account and region it comes from (envelope and record must agree) → that account's settings in
 * the accounts map → the single-account use case, run with the account's baseline, its member role's
 * reader and writer in the event's region, and its own container state.
 */
import { type AccountAutoRevert, memberRoleArn } from '../baseline/account-syntax';
import type { EnvironmentBaseline } from '../baseline/types';
import type { AutoRevertMode } from '../config';
import { agreedOrigin } from '../events/origin';
import { parseSecurityGroupEvent } from '../events/parse';
import type { ChangeEvent } from '../events/types';
import type { Logger } from '../logger';
import { REJECTED_CREDENTIALS } from '../model/well-known';
import { buildMemberUnreachableAlert } from '../notify/member-unreachable-alert';
import {
  ChangeMetric,
  type ChangeOutcome,
  type ChangeSettings,
  countUnusable,
  processChangeEvent,
} from './evaluate-change';
import { MetricBatch } from './metric-batch';
import type {
  AlertPublisher,
  MetricsPublisher,
  OutgoingAlert,
  SecurityGroupReader,
  SecurityGroupRuleReader,
  SecurityGroupWriter,
} from './ports';
import { RecentIds, RecentMap } from './recent-ids';
import type { RevertSettings } from './revert';
import { RoleGroupDirectory } from './role-directory';
import { TimeBudget } from './time-budget';

/**
 * Organization-mode skips, beside the single-account ones. `ForeignEvents` keeps its meaning (the
 * envelope and the record disagree, or name no account or region: forged or broken); an event from
 * an account the map does not list, or from a region the map does not give it, is `UnmappedEvents`.
 */
export const OrganizationMetric = {
  UnmappedEvents: 'UnmappedEvents',
  /** A read failed because the account's member role could not be used: the change is unchecked. */
  MemberUnreachable: 'MemberUnreachable',
} as const;

/**
 * How AWS refuses the member role or its session (STS AccessDenied; EC2 AuthFailure,
 * UnauthorizedOperation…): the account cannot be read until someone mends its member stack, so the
 * change is alerted as unchecked at once instead of only after its retries run out.
 */
const MEMBER_REFUSALS: ReadonlySet<string> = new Set([...REJECTED_CREDENTIALS, 'AccessDenied']);
/** Events whose "not checked" alert this container sent: a retry does not send it again. */
const UNREACHABLE_ALERTS_KEPT = 1000;

/** The member role's clients for one account and region. */
export interface MemberClients {
  reader: SecurityGroupReader & SecurityGroupRuleReader;
  writer: SecurityGroupWriter;
}

export interface OrganizationChangeDeps {
  /**
   * Clients signed with the account's member-role credentials, talking to `region`. Asked for on
   * every event: the adapter keeps (and closes) clients and credentials itself.
   */
  memberClients(accountId: string, region: string): MemberClients;
  publisher: AlertPublisher;
  metrics: MetricsPublisher;
  logger: Logger;
  now: () => Date;
}

/** An account the map lists by id, as the change path judges it (an OU entry needs Organizations). */
export interface MemberAccount {
  id: string;
  name?: string;
  environment: string;
  regions: readonly string[];
  autoRevert: AccountAutoRevert;
}

export interface OrganizationChangeSettings {
  /** The stage's environment: the dimension of events no account's baseline judged (skips). */
  environment: string;
  accounts: ReadonlyMap<string, MemberAccount>;
  baselineFor(environment: string): EnvironmentBaseline;
  /** The member role, the same name in every account: its own calls are the monitor's. */
  memberRoleName: string;
  notifyCompliantChanges: boolean;
  /** The stage's AUTO_REVERT and guards: an account's mode from the map never goes past it. */
  autoRevert: RevertSettings;
}

/**
 * Container state of one account-region: never shared, so one account cannot steer another's. Its
 * clients are not kept here: the member clients' own cache decides when one is closed.
 */
interface MemberState {
  directory: RoleGroupDirectory;
  seen: RecentIds;
  unsent: RecentMap<OutgoingAlert>;
}

/** Account-regions whose state a warm container keeps; the least recently used is forgotten first. */
const MAX_MEMBER_STATES = 500;
/** Alerted event ids kept per account-region (one region's changes; the single-account function keeps 1,000). */
const SEEN_PER_MEMBER = 200;

const MODE_ORDER: readonly AutoRevertMode[] = ['off', 'dry-run', 'enforce'];

/** The weaker of two auto-revert modes: the map may lower the stage's mode, never raise it. */
export function weakerMode(a: AutoRevertMode, b: AutoRevertMode): AutoRevertMode {
  return MODE_ORDER.indexOf(a) <= MODE_ORDER.indexOf(b) ? a : b;
}

export class OrganizationChangeProcessor {
  private readonly members = new RecentMap<MemberState>(MAX_MEMBER_STATES);
  private readonly unreachableAlerted = new RecentIds(UNREACHABLE_ALERTS_KEPT);

  constructor(
    private readonly deps: OrganizationChangeDeps,
    private readonly settings: OrganizationChangeSettings,
  ) {}

  /** One forwarded event: skipped and counted, or judged as its account's own monitor would. */
  async process(input: unknown, budget: TimeBudget = TimeBudget.unlimited()): Promise<ChangeOutcome> {
    const metrics = new MetricBatch(this.settings.environment);
    try {
      const member = this.memberOf(input, metrics);
      if ('status' in member) return member;
      try {
        return await processChangeEvent(input, this.changeDeps(member), this.changeSettings(member), budget);
      } catch (error) {
        if (error instanceof Error && MEMBER_REFUSALS.has(error.name)) {
          await this.alertUnreachable(member, error, metrics);
        }
        throw error;
      }
    } finally {
      await metrics.flush(this.deps.metrics, this.deps.logger);
    }
  }

  /**
   * The member role was refused: counted every time, alerted once per event (per container), and
   * the record still fails, so it is judged normally if the role is mended before it runs out.
   */
  private async alertUnreachable(member: Member, error: Error, metrics: MetricBatch): Promise<void> {
    const { account, region, event } = member;
    metrics.add(OrganizationMetric.MemberUnreachable, 1);
    const roleArn = memberRoleArn(account.id, this.settings.memberRoleName);
    this.deps.logger.error('member role unusable; the change is not checked', {
      account: account.id,
      region,
      correlationId: event.eventId,
      roleArn,
      error,
    });
    // Per account and region: an event id one member chose must not silence another member's alert.
    const key = `${account.id}/${region}/${event.eventId}`;
    if (this.unreachableAlerted.has(key)) return;
    const alert = buildMemberUnreachableAlert({
      environment: account.environment,
      event,
      account: { id: account.id, ...(account.name ? { name: account.name } : {}), region },
      roleArn,
      error: { code: error.name, message: error.message },
      detectedAt: this.deps.now(),
    });
    await this.deps.publisher.publish(alert);
    this.unreachableAlerted.add(key);
  }

  /** The account and region to judge the event in, or the outcome of skipping it. */
  private memberOf(input: unknown, metrics: MetricBatch): Member | ChangeOutcome {
    const { logger } = this.deps;
    const parsed = parseSecurityGroupEvent(input);
    if (parsed.kind !== 'change') return countUnusable(parsed, metrics, logger);
    const { event } = parsed;
    const log = logger.child({ correlationId: event.eventId, eventName: event.eventName });
    // Before any lookup: an envelope the record contradicts names nobody we would act for.
    const origin = agreedOrigin(parsed.origin);
    if (typeof origin === 'string') {
      metrics.add(ChangeMetric.ForeignEvents, 1);
      log.warn('event with a forged or broken envelope ignored', { reason: origin });
      return { status: 'skipped', reason: 'foreign-origin', event };
    }
    const account = this.settings.accounts.get(origin.account);
    if (!account?.regions.includes(origin.region)) {
      metrics.add(OrganizationMetric.UnmappedEvents, 1);
      const reason = account ? 'region not in the accounts map for it' : 'account not in the accounts map';
      log.warn('event from an unmapped account or region ignored', { ...origin, reason });
      return { status: 'skipped', reason: 'unmapped-account', event };
    }
    return { account, region: origin.region, event };
  }

  private changeDeps({ account, region }: Member) {
    const state = this.stateOf(account, region);
    const clients = this.deps.memberClients(account.id, region);
    return {
      reader: clients.reader,
      publisher: this.deps.publisher,
      metrics: this.deps.metrics,
      logger: this.deps.logger.child({ account: account.id, region }),
      now: this.deps.now,
      directory: state.directory,
      seen: state.seen,
      unsent: state.unsent,
      revert: { rules: clients.reader, writer: clients.writer },
    };
  }

  private changeSettings({ account, region }: Member): ChangeSettings {
    const { settings } = this;
    return {
      baseline: settings.baselineFor(account.environment),
      home: { account: account.id, region },
      // The member role's own revokes come back through the forwarding rule: never judged again.
      selfRoleArn: memberRoleArn(account.id, settings.memberRoleName),
      notifyCompliantChanges: settings.notifyCompliantChanges,
      autoRevert: { ...settings.autoRevert, mode: weakerMode(account.autoRevert, settings.autoRevert.mode) },
      account: { id: account.id, ...(account.name ? { name: account.name } : {}), region },
    };
  }

  private stateOf(account: MemberAccount, region: string): MemberState {
    const key = `${account.id}/${region}`;
    let state = this.members.get(key);
    if (!state) {
      state = {
        directory: new RoleGroupDirectory(this.settings.baselineFor(account.environment)),
        seen: new RecentIds(SEEN_PER_MEMBER),
        unsent: new RecentMap<OutgoingAlert>(SEEN_PER_MEMBER),
      };
    }
    // Set on every use: the map forgets the least recently used account-region first.
    this.members.set(key, state);
    return state;
  }
}

interface Member {
  account: MemberAccount;
  region: string;
  event: ChangeEvent;
}
