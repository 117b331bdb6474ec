import { EC2Client } from '@aws-sdk/client-ec2';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { SecurityGroupReader, SecurityGroupRuleReader } from '../app/ports';
import { IAM_ROLE_NAME, isAccountId, isRegion, memberRoleArn } from '../baseline/account-syntax';
import { InputError } from '../errors';
import { REJECTED_CREDENTIALS } from '../model/well-known';
import { type CachedCredentialSource, cachedUntilExpiry } from './credential-cache';
import { createEc2Reader, EC2_READ_TIMEOUTS, IAM_ACTIONS } from './ec2-reader';
import { type CallTimeouts, clientTimeouts } from './http-timeouts';

/** What the caller's own role needs: the member roles' reads go through the assumed role's rights. */
export const CROSS_ACCOUNT_IAM_ACTIONS = ['sts:AssumeRole'] as const;

// IAM's own patterns: a role name (no path) and a role session name.
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** What a read-only session may do: the EC2 reader's Describe actions, nothing else. */
const READ_ONLY_SESSION_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: [...IAM_ACTIONS], Resource: '*' }],
});
/** Role chaining (a Lambda's role assuming another) caps a session at one hour: ask for no more. */
const SESSION_SECONDS = 3600;

export interface CrossAccountOptions {
  /** The member role's name, the same in every account (`arn:aws:iam::<account>:role/<roleName>`). */
  roleName: string;
  /**
   * A fixed name chosen by the caller (`sgdrift-audit`), never built from an event or an account's
   * data: it lands in the member account's CloudTrail as who did what.
   */
  sessionName: string;
  /**
   * Sessions that only read: AssumeRole passes a session policy allowing the reader's Describe
   * actions alone, so an audit's session cannot revoke or authorize even where the member role may
   * (auto-revert on). Session policies only narrow what the role allows.
   */
  readOnly?: boolean;
  /** The region of the STS endpoint; default: the caller's configured region. */
  stsRegion?: string;
  /** The clock of the credential cache (tests). */
  now?: () => number;
  /**
   * Connection and request timeouts of the EC2 and STS clients; default the audit's reads'
   * (EC2_READ_TIMEOUTS): no member-account call waits without limit. The change path's are short.
   */
  timeouts?: CallTimeouts;
  /**
   * Account-regions (and accounts) whose clients are kept; the least recently used beyond it are
   * destroyed (sockets closed). A warm central function meets thousands over its life.
   */
  maxKept?: number;
}

const DEFAULT_MAX_KEPT = 500;

export interface CrossAccountClients {
  /** The EC2 client of an account and region, signed with the account's assumed-role credentials. */
  ec2(accountId: string, region: string): EC2Client;
  /** The reader of an account and region (one per pair, reused). */
  readerFor(accountId: string, region: string): SecurityGroupReader & SecurityGroupRuleReader;
}

/**
 * Clients for other accounts through their member role: one AssumeRole per account, cached until
 * shortly before expiry and shared by its regions; one EC2 client per account × region.
 */
export function createCrossAccountClients(options: CrossAccountOptions): CrossAccountClients {
  if (!IAM_ROLE_NAME.test(options.roleName)) {
    throw new InputError(
      `role name '${options.roleName}' is not an IAM role name (1-64 of A-Z a-z 0-9 +=,.@_-)`,
    );
  }
  if (!SESSION_NAME.test(options.sessionName)) {
    throw new InputError(`session name '${options.sessionName}' is not an STS session name`);
  }
  const timeouts = clientTimeouts(options.timeouts ?? EC2_READ_TIMEOUTS);
  const maxKept = options.maxKept ?? DEFAULT_MAX_KEPT;
  const credentials = new Map<string, ReturnType<typeof cachedUntilExpiry>>();
  const clients = new Map<string, EC2Client>();
  const readers = new Map<string, SecurityGroupReader & SecurityGroupRuleReader>();
  const forgetOldest = () => {
    const [oldest] = clients.keys();
    if (oldest === undefined) return;
    clients.get(oldest)?.destroy();
    clients.delete(oldest);
    readers.delete(oldest);
  };

  const credentialsOf = (accountId: string) => {
    let cached = credentials.get(accountId);
    if (cached) {
      // Most recently used last: Map keeps insertion order, so the first key is the oldest.
      credentials.delete(accountId);
      credentials.set(accountId, cached);
    } else {
      const assume = fromTemporaryCredentials({
        params: {
          RoleArn: memberRoleArn(accountId, options.roleName),
          RoleSessionName: options.sessionName,
          DurationSeconds: SESSION_SECONDS,
          ...(options.readOnly ? { Policy: READ_ONLY_SESSION_POLICY } : {}),
        },
        clientConfig: { ...timeouts, ...(options.stsRegion ? { region: options.stsRegion } : {}) },
      });
      // Called without the EC2 client's context, so the STS client's region never depends on
      // whichever region of the account happened to ask first.
      cached = cachedUntilExpiry(() => assume(), options.now);
      credentials.set(accountId, cached);
      if (credentials.size > maxKept) credentials.delete(credentials.keys().next().value as string);
    }
    return cached;
  };

  const ec2 = (accountId: string, region: string) => {
    if (!isAccountId(accountId)) throw new InputError(`'${accountId}' is not an account id (12 digits)`);
    if (!isRegion(region)) throw new InputError(`'${region}' is not a region name`);
    const key = `${accountId}/${region}`;
    let client = clients.get(key);
    if (client) {
      clients.delete(key);
      clients.set(key, client);
    } else {
      if (clients.size >= maxKept) forgetOldest();
      const credentials = credentialsOf(accountId);
      client = new EC2Client({ ...timeouts, region, credentials, retryMode: 'adaptive' });
      forgetRejectedCredentials(client, credentials);
      clients.set(key, client);
    }
    return client;
  };

  return {
    ec2,
    readerFor(accountId, region) {
      const key = `${accountId}/${region}`;
      const client = ec2(accountId, region);
      let reader = readers.get(key);
      if (!reader) {
        reader = createEc2Reader(client);
        readers.set(key, reader);
      }
      return reader;
    },
  };
}

/**
 * After a call its credentials failed, the account's next call assumes its role again: the member
 * role was deleted and created again (a StackSet moving it), or its older sessions were revoked.
 * Kept, the credentials would fail every call of the account until they expire, up to an hour.
 * UnauthorizedOperation is also what a permission the member stack does not grant yet answers
 * (DescribeRouteTables on an old stack, every day): it renews the credentials once, not on every call.
 */
function forgetRejectedCredentials(client: EC2Client, credentials: CachedCredentialSource): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      // The credentials this call is signed with: a late failure must not drop newer ones.
      const used = await credentials();
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error && REJECTED_CREDENTIALS.has(error.name)) {
          credentials.forget(used, { once: error.name === 'UnauthorizedOperation' });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'sgDriftForgetRejectedCredentials' },
  );
}
