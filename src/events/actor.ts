/** The actor of a CloudTrail record: who made the call, as which principal, from where, how. */
import { at, field, flag, text } from './read';
import type { Actor } from './types';

const SIGNIN = 'signin.amazonaws.com';
// console.amazonaws.com, console.ec2.amazonaws.com…: the console's own service front ends.
const CONSOLE_AGENT = /^console(\.[a-z0-9-]+)*\.amazonaws\.com$/i;
// The newer console calls EC2 straight from the browser, so the agent is the browser's.
const BROWSER_AGENT = /^\[?Mozilla\/\d/;
const ASSUMED_ROLE_ARN = /^arn:[^:]*:sts::[^:]*:assumed-role\/[^/]+\/(.+)$/;

/** The actor of a CloudTrail record (`detail`); every field null when the record does not say. */
export function parseActor(record: unknown): Actor {
  const identity = field(record, 'userIdentity');
  const type = text(field(identity, 'type')) ?? 'Unknown';
  const arn = text(field(identity, 'arn'));
  const issuer = at(identity, ['sessionContext', 'sessionIssuer']);
  const assumedRole = type === 'AssumedRole';
  const invokedBy = text(field(identity, 'invokedBy'));
  const userAgent = text(field(record, 'userAgent'));
  return {
    type,
    arn,
    principalArn: (assumedRole ? text(field(issuer, 'arn')) : null) ?? arn,
    accountId: text(field(identity, 'accountId')),
    userName: text(field(identity, 'userName')) ?? text(field(issuer, 'userName')),
    sessionName: assumedRole && arn ? (ASSUMED_ROLE_ARN.exec(arn)?.[1] ?? null) : null,
    invokedBy,
    sourceIp: text(field(record, 'sourceIPAddress')),
    userAgent,
    viaConsole:
      flag(field(record, 'sessionCredentialFromConsole')) === true ||
      invokedBy === SIGNIN ||
      isConsoleAgent(userAgent),
  };
}

function isConsoleAgent(agent: string | null): boolean {
  return agent !== null && (agent === SIGNIN || CONSOLE_AGENT.test(agent) || BROWSER_AGENT.test(agent));
}
