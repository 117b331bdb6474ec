/**
 * Issue 9, item 8, end to end: a snapshot and a CloudTrail event whose names, tags, descriptions,
 * prefix-list ids, session name, user agent, source IP and event id are hostile, through
 * `sgdrift audit` (text, Markdown, JSON) and `sgdrift replay` (text, JSON).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { forgedVerdicts, HOSTILE, hostileString, rawUnsafe } from '../support/hostile-text';
import { sgdrift } from './run';

const ROGUE_ID = 'sg-0e7100000000000e7';
const DATABASE_ID = 'sg-0a1b2c3d4e5f60004';
const ACCOUNT = '123456789012';
// Each run writes two files and runs the CLI twice: a few runs cover the dangerous set.
const CLI_RUNS = 8;

// biome-ignore lint/suspicious/noExplicitAny: snapshot and event JSON edited in place
type Json = Record<string, any>;

/** The drifted example with a rogue group named `hostile` that the database group lets in. */
function hostileSnapshot(hostile: string): Json {
  const snapshot = JSON.parse(readFileSync('examples/production-drifted.json', 'utf8'));
  const database = snapshot.SecurityGroups.find((group: Json) => group.GroupId === DATABASE_ID);
  database.IpPermissions[0].UserIdGroupPairs.push({
    GroupId: ROGUE_ID,
    Description: hostile,
    UserId: ACCOUNT,
  });
  database.Tags.push({ Key: hostile, Value: hostile });
  snapshot.SecurityGroups.push({
    GroupId: ROGUE_ID,
    GroupName: hostile,
    Description: hostile,
    OwnerId: ACCOUNT,
    VpcId: database.VpcId,
    IpPermissions: [
      {
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [{ PrefixListId: `pl-${hostile}`, Description: hostile }],
        UserIdGroupPairs: [],
      },
    ],
    IpPermissionsEgress: [],
    Tags: [{ Key: 'Name', Value: hostile }],
  });
  return snapshot;
}

/** The console event opening the database to the world, from a hostile session, agent and address. */
function hostileEvent(hostile: string): Json {
  const event = JSON.parse(
    readFileSync('examples/events/database-sg-5432-open-to-world-console.json', 'utf8'),
  );
  const detail = event.detail;
  detail.userIdentity.arn = `arn:aws:sts::${ACCOUNT}:assumed-role/PlatformAdmin/${hostile}`;
  detail.userAgent = hostile;
  detail.sourceIPAddress = hostile;
  detail.eventID = hostile;
  detail.requestParameters.ipPermissions.items[0].ipRanges.items[0].description = hostile;
  detail.responseElements.securityGroupRuleSet.items[0].description = hostile;
  return event;
}

function writeJson(name: string, value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-hostile-')), name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

async function audit(hostile: string, format: string) {
  const snapshot = writeJson('snapshot.json', hostileSnapshot(hostile));
  return sgdrift('audit', '-e', 'production', '-s', snapshot, '--format', format, '--fail-on', 'none');
}

async function replay(hostile: string, format: string) {
  const snapshot = writeJson('snapshot.json', hostileSnapshot(hostile));
  const event = writeJson('event.json', hostileEvent(hostile));
  return sgdrift('replay', event, '--snapshot', snapshot, '--format', format);
}

function expectClean(output: { code: number; stdout: string; stderr: string }): void {
  expect(output.code).toBe(0);
  expect(rawUnsafe(output.stdout)).toEqual([]);
  expect(rawUnsafe(output.stderr)).toEqual([]);
  expect(forgedVerdicts(output.stdout)).toEqual([]);
}

describe('sgdrift on hostile strings', () => {
  it('audit: the text report shows its own verdict only, and the attacker text escaped', async () => {
    const output = await audit(HOSTILE, 'text');
    expectClean(output);
    expect(output.stdout).toContain('\nOverall Compliance: NON-COMPLIANT\n');
    expect(output.stdout).toContain(
      'PostgreSQL (5432) from evil\\nOverall Compliance: COMPLIANT\\r\\n\\u001b]0;pwned',
    );
  });

  it('audit: Markdown and JSON carry no raw control or bidi character', async () => {
    expectClean(await audit(HOSTILE, 'markdown'));
    const json = await audit(HOSTILE, 'json');
    expectClean(json);
    expect(JSON.parse(json.stdout).findings.some((finding: Json) => finding.groupName === HOSTILE)).toBe(
      true,
    );
  });

  it('replay: the alert it prints carries no raw control or bidi character and no forged line', async () => {
    const output = await replay(HOSTILE, 'text');
    expectClean(output);
    expect(output.stdout).toContain('user agent: evil\\nOverall Compliance: COMPLIANT');
    expectClean(await replay(HOSTILE, 'json'));
  });

  it('a bad snapshot value is named in one line, shown escaped', async () => {
    const snapshot = hostileSnapshot(HOSTILE);
    snapshot.SecurityGroups.at(-1).IpPermissions[0].PrefixListIds[0].PrefixListId = 'x\u009b2J\u202e';
    const output = await sgdrift('audit', '-e', 'production', '-s', writeJson('snapshot.json', snapshot));
    expect(output.code).toBe(2);
    expect(output.stderr).toMatch(/^sgdrift: .*PrefixListId.*\n$/);
    expect(rawUnsafe(output.stderr)).toEqual([]);
  });

  it('replay and audit: arbitrary hostile strings never reach the terminal raw (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, async (hostile) => {
        expectClean(await audit(hostile, 'text'));
        expectClean(await replay(hostile, 'text'));
      }),
      { numRuns: CLI_RUNS },
    );
  });
});
