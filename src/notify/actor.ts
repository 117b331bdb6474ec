import type { Actor } from '../events/types';

/** A short name for who made a call: the session (often a person), the user, or the role. */
export function actorName(actor: Actor): string {
  return (
    actor.sessionName ??
    actor.userName ??
    lastArnPart(actor.principalArn ?? actor.arn) ??
    actor.invokedBy ??
    'unknown'
  );
}

/** One line: who, through which principal, from where and how. */
export function describeActor(actor: Actor): string {
  const who = actor.arn ?? actor.principalArn ?? actor.invokedBy ?? 'unknown principal';
  const role = actor.principalArn && actor.principalArn !== actor.arn ? ` (role ${actor.principalArn})` : '';
  const via = actor.viaConsole ? 'the AWS console' : actor.invokedBy ? actor.invokedBy : 'the API';
  const from = actor.sourceIp ? ` from ${actor.sourceIp}` : '';
  return `${who}${role} via ${via}${from}`;
}

function lastArnPart(arn: string | null): string | undefined {
  return arn?.split('/').pop() || undefined;
}
