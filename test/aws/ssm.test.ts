import 'aws-sdk-client-mock-jest';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { createSecretReader, IAM_ACTIONS } from '../../src/aws/ssm';
import { ConfigError } from '../../src/errors';

const PARAMETER = '/sgdrift/production/slack-webhook';
const WEBHOOK_URL = 'https://hooks.slack.com/services/T000/B000/XXXX';

const ssm = mockClient(SSMClient);
beforeEach(() => ssm.reset());

describe('aws: SSM secret reader', () => {
  it('reads the SecureString decrypted', async () => {
    ssm
      .on(GetParameterCommand)
      .resolves({ Parameter: { Name: PARAMETER, Value: WEBHOOK_URL, Type: 'SecureString' } });
    await expect(createSecretReader(new SSMClient({}))(PARAMETER)).resolves.toBe(WEBHOOK_URL);
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: PARAMETER, WithDecryption: true });
  });

  it('names the parameter, not its value, when it does not exist', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const read = createSecretReader(new SSMClient({}))(PARAMETER);
    await expect(read).rejects.toThrow(ConfigError);
    await expect(read).rejects.toThrow(`SSM parameter ${PARAMETER} does not exist`);
  });

  it('refuses an empty parameter', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: PARAMETER, Value: '' } });
    await expect(createSecretReader(new SSMClient({}))(PARAMETER)).rejects.toThrow(/is empty/);
  });

  it('lets other AWS errors through for the invocation to fail and be retried', async () => {
    ssm.on(GetParameterCommand).rejects(new Error('ThrottlingException'));
    await expect(createSecretReader(new SSMClient({}))(PARAMETER)).rejects.toThrow('ThrottlingException');
  });

  it('declares the one IAM action it calls', () => {
    expect(IAM_ACTIONS).toEqual(['ssm:GetParameter']);
  });
});
