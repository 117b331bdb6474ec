import type { OutgoingAlert } from './outgoing-alert';

/**
 * The SNS `Message` for `MessageStructure: 'json'`: people's text for email (and `default`), the
 * machine-readable JSON as a string for sqs, lambda and https subscribers.
 */
export function snsMessageBody(alert: OutgoingAlert): string {
  const machine = JSON.stringify(alert.json);
  return JSON.stringify({
    default: alert.text,
    email: alert.text,
    sqs: machine,
    lambda: machine,
    https: machine,
  });
}
