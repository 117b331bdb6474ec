import 'aws-sdk-client-mock-jest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createOrganizationDirectory } from '../../src/aws/organizations';
import { createS3ResultStore } from '../../src/aws/s3-results';
import { PaginationError, UnitNotFoundError } from '../../src/errors';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(join(__dirname, `../fixtures/org/awscli-example-organizations-${name}.json`), 'utf8'),
  );
const OU = 'ou-examplerootid111-exampleouid111';

describe('adapter: Organizations directory', () => {
  const organizations = mockClient(OrganizationsClient);
  beforeEach(() => organizations.reset());

  it('follows NextToken and keeps the active accounts of the recorded answer', async () => {
    const recorded = fixture('list-accounts-for-parent');
    organizations
      .on(ListAccountsForParentCommand, { ParentId: OU, NextToken: undefined })
      .resolves({ ...recorded, NextToken: 'page-2' })
      .on(ListAccountsForParentCommand, { ParentId: OU, NextToken: 'page-2' })
      .resolves({ Accounts: [{ Id: '555555555555', Name: 'Gone', Status: 'SUSPENDED' }] });
    const directory = createOrganizationDirectory(new OrganizationsClient({}));
    expect(await directory.accountsForParent(OU)).toEqual([
      { id: '333333333333', name: 'Development Account' },
      { id: '444444444444', name: 'Test Account' },
    ]);
    expect(organizations).toHaveReceivedCommandTimes(ListAccountsForParentCommand, 2);
  });

  it('lists child OUs from the recorded answer, and stops a NextToken loop', async () => {
    organizations
      .on(ListOrganizationalUnitsForParentCommand)
      .resolvesOnce(fixture('list-organizational-units-for-parent'))
      .resolves({ OrganizationalUnits: [], NextToken: 'same' });
    const directory = createOrganizationDirectory(new OrganizationsClient({}));
    expect(await directory.unitsForParent('r-examplerootid111')).toHaveLength(2);
    await expect(directory.unitsForParent(OU)).rejects.toBeInstanceOf(PaginationError);
  });

  it('an OU Organizations does not know is a UnitNotFoundError; any other failure stays itself', async () => {
    organizations
      .on(ListAccountsForParentCommand, { ParentId: OU })
      .rejects(Object.assign(new Error('parent not found'), { name: 'ParentNotFoundException' }))
      .on(ListAccountsForParentCommand, { ParentId: 'ou-examplerootid111-throttled1' })
      .rejects(Object.assign(new Error('slow down'), { name: 'TooManyRequestsException' }));
    const directory = createOrganizationDirectory(new OrganizationsClient({ maxAttempts: 1 }));
    await expect(directory.accountsForParent(OU)).rejects.toBeInstanceOf(UnitNotFoundError);
    await expect(directory.accountsForParent('ou-examplerootid111-throttled1')).rejects.toMatchObject({
      name: 'TooManyRequestsException',
    });
  });
});

describe('adapter: S3 result store', () => {
  const s3 = mockClient(S3Client);
  beforeEach(() => s3.reset());

  it('writes JSON and reads it back; a missing file is undefined, any other failure throws', async () => {
    s3.on(PutObjectCommand).resolves({});
    // The SDK's stream mixin, reduced to the one method the store calls.
    s3.on(GetObjectCommand, { Key: 'runs/x.json' }).resolves({
      Body: { transformToString: async () => '{"status":"audited"}' },
    } as never);
    s3.on(GetObjectCommand, { Key: 'runs/missing.json' }).rejects(
      Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' }),
    );
    s3.on(GetObjectCommand, { Key: 'runs/denied.json' }).rejects(
      Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }),
    );
    const store = createS3ResultStore('sgdrift-org-results', new S3Client({}));

    await store.putJson('runs/x.json', { a: 1 });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'sgdrift-org-results',
      Key: 'runs/x.json',
      Body: '{"a":1}',
      ContentType: 'application/json',
    });
    expect(await store.getJson('runs/x.json')).toEqual({ status: 'audited' });
    expect(await store.getJson('runs/missing.json')).toBeUndefined();
    await expect(store.getJson('runs/denied.json')).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
