/**
 * A local EC2 endpoint (query protocol, XML) serving one account-region at the quota ceiling in
 * pages of MaxResults (the reader asks for 250 groups or 1,000 interfaces a page), each page
 * rendered when asked for, so the SDK and the reader meet the real wire format and page sizes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CEILING_GROUPS, CEILING_INTERFACES, ceilingGroup, syntheticInterface } from './ceiling-estate';
import { groupsXml, interfacesXml, routeTablesXml } from './ec2-xml';

export interface LocalEndpoint {
  url: string;
  /** Requests answered, by EC2 action. */
  requests: Map<string, number>;
  stop(): Promise<void>;
}

/** Starts the endpoint on 127.0.0.1 (a free port). */
export async function startCeilingEndpoint(): Promise<LocalEndpoint> {
  const requests = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const action = params.get('Action') ?? '';
      requests.set(action, (requests.get(action) ?? 0) + 1);
      const payload = answer(action, params);
      if (payload === undefined) {
        response.writeHead(400, { 'content-type': 'text/xml' });
        response.end(`<Response><Errors><Error><Code>Unsupported</Code></Error></Errors></Response>`);
        return;
      }
      response.writeHead(200, { 'content-type': 'text/xml' }).end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function answer(action: string, params: URLSearchParams): string | undefined {
  const start = Number(params.get('NextToken') ?? 0);
  const size = Number(params.get('MaxResults') ?? Number.MAX_SAFE_INTEGER);
  const page = (total: number) => {
    const end = Math.min(total, start + size);
    return { indexes: range(start, end), nextToken: end < total ? String(end) : undefined };
  };
  if (action === 'DescribeSecurityGroups') {
    const { indexes, nextToken } = page(CEILING_GROUPS);
    return groupsXml(indexes.map(ceilingGroup), nextToken);
  }
  if (action === 'DescribeNetworkInterfaces') {
    const { indexes, nextToken } = page(CEILING_INTERFACES);
    return interfacesXml(
      indexes.map((index) => syntheticInterface(index, CEILING_GROUPS)),
      nextToken,
    );
  }
  if (action === 'DescribeRouteTables') {
    // One VPC: its main table routes the world through an internet gateway.
    return routeTablesXml([
      {
        RouteTableId: 'rtb-ceiling',
        VpcId: 'vpc-ceiling',
        Associations: [{ RouteTableAssociationId: 'rtbassoc-ceiling', Main: true }],
        Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-ceiling', State: 'active' }],
      },
    ]);
  }
  return undefined;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, offset) => start + offset);
}
