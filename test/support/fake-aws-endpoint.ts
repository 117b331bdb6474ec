/**
 * A local stand-in for the AWS endpoints the monitor calls, speaking their real wire protocols:
 * EC2 (query protocol, XML answers built from a describe-security-groups snapshot, with the
 * group-id / group-name filters applied), SNS Publish (query, XML) and CloudWatch PutMetricData
 * (JSON 1.0). Point the SDK at it with AWS_ENDPOINT_URL. Every request is recorded.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { element, escapeXml, groupsXml, interfacesXml, routeTablesXml } from '../../src/bench/ec2-xml';

// biome-ignore lint/suspicious/noExplicitAny: describe-security-groups JSON, rendered to EC2's XML
type Raw = any;

export interface RecordedRequest {
  service: 'ec2' | 'sns' | 'cloudwatch' | 'sts';
  action: string;
  headers: IncomingHttpHeaders;
  /** Form fields (query protocols) or the raw body (JSON protocol). */
  params: URLSearchParams;
  body: string;
}

/** The access key id and region a request was signed with (SigV4 `Credential=` scope). */
export function signedWith(request: RecordedRequest) {
  const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(String(request.headers.authorization));
  return { accessKeyId: match?.[1], region: match?.[2] };
}

export class FakeAwsEndpoint {
  readonly requests: RecordedRequest[] = [];
  snapshot: Raw = { SecurityGroups: [], NetworkInterfaces: [] };
  /** EC2 actions answered with this error code, e.g. RequestLimitExceeded (HTTP 503, as EC2 throttles). */
  readonly ec2Errors = new Map<string, string>();
  /** Services that never answer: the request is recorded and the connection left open. */
  readonly silent = new Set<RecordedRequest['service']>();
  /** STS AssumeRole: which roles refuse, and the credentials issued so far. */
  readonly sts = new FakeSts();
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const answer = this.answer(request.headers, body);
        if (answer === null) return;
        response.writeHead(answer.status, { 'content-type': answer.type }).end(answer.payload);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    // Requests to a silent service are still open: close them, or close() waits for them forever.
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  calls(service: RecordedRequest['service'], action?: string): RecordedRequest[] {
    return this.requests.filter(
      (request) => request.service === service && (!action || request.action === action),
    );
  }

  /** The answer to one request; null leaves it unanswered (a silent service). */
  private answer(
    headers: IncomingHttpHeaders,
    body: string,
  ): { status: number; type: string; payload: string } | null {
    const target = String(headers['x-amz-target'] ?? '');
    if (target.endsWith('.PutMetricData')) {
      this.requests.push({
        service: 'cloudwatch',
        action: 'PutMetricData',
        headers,
        params: new URLSearchParams(),
        body,
      });
      if (this.silent.has('cloudwatch')) return null;
      return { status: 200, type: 'application/x-amz-json-1.0', payload: '{}' };
    }
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    if (action === 'AssumeRole') return this.sts.answer(this.requests, headers, params, body);
    if (action === 'Publish') {
      this.requests.push({ service: 'sns', action, headers, params, body });
      if (this.silent.has('sns')) return null;
      return { status: 200, type: 'text/xml', payload: PUBLISH_RESPONSE };
    }
    this.requests.push({ service: 'ec2', action, headers, params, body });
    if (this.silent.has('ec2')) return null;
    const error = this.ec2Errors.get(action);
    if (error) {
      return {
        status: error === 'RequestLimitExceeded' ? 503 : 400,
        type: 'text/xml',
        payload: `<Response><Errors><Error><Code>${error}</Code><Message>${action}: ${error}</Message></Error></Errors><RequestID>r-3</RequestID></Response>`,
      };
    }
    if (action === 'DescribeSecurityGroups') return xml(groupsXml(this.filtered(params)));
    if (action === 'DescribeNetworkInterfaces') return xml(interfacesXml(this.snapshot.NetworkInterfaces));
    if (action === 'DescribeRouteTables') return xml(routeTablesXml(this.snapshot.RouteTables));
    return {
      status: 400,
      type: 'text/xml',
      payload: `<Response><Errors><Error><Code>Unsupported</Code><Message>${action}</Message></Error></Errors></Response>`,
    };
  }

  /** The groups matching every `Filter.N` of the request (group-id, group-name, tag:Name). */
  private filtered(params: URLSearchParams): Raw[] {
    let groups: Raw[] = this.snapshot.SecurityGroups;
    for (let n = 1; params.has(`Filter.${n}.Name`); n += 1) {
      const name = params.get(`Filter.${n}.Name`);
      const values = [...params.entries()]
        .filter(([key]) => key.startsWith(`Filter.${n}.Value.`))
        .map(([, value]) => value);
      const field = (group: Raw) =>
        name === 'group-id'
          ? group.GroupId
          : name === 'group-name'
            ? group.GroupName
            : group.Tags?.find((tag: Raw) => tag.Key === 'Name')?.Value;
      groups = groups.filter((group) => values.includes(field(group)));
    }
    return groups;
  }
}

const PUBLISH_RESPONSE =
  '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>';

const xml = (payload: string) => ({ status: 200, type: 'text/xml', payload });
/** An issued set of temporary credentials, as AssumeRole returned them. */
export interface IssuedCredentials {
  roleArn: string;
  sessionName: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/**
 * STS AssumeRole over the query protocol: `Action=AssumeRole&RoleArn=…&RoleSessionName=…`, answered
 * with the documented `AssumeRoleResponse` XML (or the `ErrorResponse` AWS sends on AccessDenied).
 * Each call issues new credentials whose key id names the account, so a test can tell whose they are.
 */
export class FakeSts {
  /** Role ARNs that do not trust the caller: AssumeRole answers 403 AccessDenied. */
  readonly deniedRoleArns = new Set<string>();
  readonly issued: IssuedCredentials[] = [];

  answer(log: RecordedRequest[], headers: IncomingHttpHeaders, params: URLSearchParams, body: string) {
    log.push({ service: 'sts', action: 'AssumeRole', headers, params, body });
    const roleArn = params.get('RoleArn') ?? '';
    if (this.deniedRoleArns.has(roleArn)) {
      const message = `User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
      return {
        status: 403,
        type: 'text/xml',
        payload: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${escapeXml(message)}</Message></Error><RequestId>r-sts-denied</RequestId></ErrorResponse>`,
      };
    }
    const account = roleArn.split(':')[4] ?? '';
    const serial = this.issued.length + 1;
    const credentials: IssuedCredentials = {
      roleArn,
      sessionName: params.get('RoleSessionName') ?? '',
      accessKeyId: `ASIA${account}X${serial}`,
      secretAccessKey: `secret-${account}-${serial}`,
      sessionToken: `token-${account}-${serial}`,
    };
    this.issued.push(credentials);
    const seconds = Number(params.get('DurationSeconds') ?? 3600);
    const expiration = new Date(Date.now() + seconds * 1000).toISOString();
    return xml(
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><AssumedRoleUser><Arn>${escapeXml(roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/'))}/${escapeXml(credentials.sessionName)}</Arn><AssumedRoleId>AROAFAKE:${escapeXml(credentials.sessionName)}</AssumedRoleId></AssumedRoleUser><Credentials>${element('AccessKeyId', credentials.accessKeyId)}${element('SecretAccessKey', credentials.secretAccessKey)}${element('SessionToken', credentials.sessionToken)}${element('Expiration', expiration)}</Credentials></AssumeRoleResult><ResponseMetadata><RequestId>r-sts-${serial}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  }
}

/**
 * Starts `aws` for the enclosing describe block with AWS_ENDPOINT_URL pointing at it (restored
 * after), and forgets its requests and issued credentials before each test.
 */
export function useFakeAwsEndpoint(aws: FakeAwsEndpoint): void {
  const savedEndpoint = process.env.AWS_ENDPOINT_URL;
  beforeAll(async () => {
    process.env.AWS_ENDPOINT_URL = await aws.start();
  });
  afterAll(async () => {
    if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = savedEndpoint;
    await aws.stop();
  });
  beforeEach(() => {
    aws.requests.length = 0;
    aws.sts.issued.length = 0;
    aws.sts.deniedRoleArns.clear();
  });
}
