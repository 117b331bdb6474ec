import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ConfigError } from '../errors';
import { type CallTimeouts, clientTimeouts } from './http-timeouts';

/** One small read at cold start (then cached by the caller): well inside the notifier's 20 s. */
export const SSM_TIMEOUTS: CallTimeouts = { connectionMs: 1000, requestMs: 2000, maxAttempts: 2 };

/** The IAM actions this adapter calls; the deployment test checks serverless.yml grants exactly these. */
export const IAM_ACTIONS = ['ssm:GetParameter'] as const;

/** Reads one SecureString, decrypted. The value is a secret: it is returned, never logged or put in an error. */
export function createSecretReader(
  client: SSMClient = new SSMClient(clientTimeouts(SSM_TIMEOUTS)),
): (name: string) => Promise<string> {
  return async (name) => {
    let value: string | undefined;
    try {
      const answer = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      value = answer.Parameter?.Value;
    } catch (error) {
      const code = (error as Error).name;
      if (code === 'ParameterNotFound') {
        throw new ConfigError(`SLACK_WEBHOOK_PARAMETER: SSM parameter ${name} does not exist`, {
          cause: error,
        });
      }
      throw error;
    }
    if (!value) throw new ConfigError(`SLACK_WEBHOOK_PARAMETER: SSM parameter ${name} is empty`);
    return value;
  };
}
