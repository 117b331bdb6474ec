/**
 * A purpose-built reader of EC2's DescribeSecurityGroupsResponse XML (query protocol) that yields
 * the objects the SDK's own deserializer yields for it (DescribeSecurityGroupsResult: NextToken,
 * SecurityGroups with IpPermissions, UserIdGroupPairs, IpRanges, Ipv6Ranges, PrefixListIds, Tags),
 * without the SDK's generic parse tree: at the quota ceiling that tree and its schema walk were
 * two thirds of the audit item's CPU.
 *
 * It reads only what it knows to read exactly as the SDK does. Anything else (comments, CDATA,
 * attributes below the root, text beside elements, an entity other than the five named ones and
 * numeric references below U+10000, a repeated member, a malformed number or tag) makes it answer
 * undefined, and the caller hands the bytes to the SDK's deserializer instead. Values are data:
 * the scan is indexOf and character loops (no backtracking regular expression over the input),
 * element names are looked up in Maps, and outputs are built from fixed member names only.
 */

type Leaf = 'string' | 'int';
interface Member {
  /** This member's place among its struct's, and its bit (≤ 31 members). */
  index: number;
  bit: number;
  xml: string;
  name: string;
  type: Leaf | StructSpec | ListSpec;
}
interface StructSpec {
  kind: 'struct';
  /** The members, matched by their XML element names in this order. */
  list: Member[];
}
interface ListSpec {
  kind: 'list';
  item: StructSpec;
}

const struct = (members: [xmlName: string, name: string, type: Member['type']][]): StructSpec => ({
  kind: 'struct',
  list: members.map(([xml, name, type], index) => ({ index, bit: 1 << index, xml, name, type })),
});
const list = (item: StructSpec): ListSpec => ({ kind: 'list', item });

// The members of the SDK's schemas (client-ec2 schemas_0: SecurityGroup$, IpPermission$, …).
const USER_ID_GROUP_PAIR = struct([
  ['description', 'Description', 'string'],
  ['userId', 'UserId', 'string'],
  ['groupName', 'GroupName', 'string'],
  ['groupId', 'GroupId', 'string'],
  ['vpcId', 'VpcId', 'string'],
  ['vpcPeeringConnectionId', 'VpcPeeringConnectionId', 'string'],
  ['peeringStatus', 'PeeringStatus', 'string'],
]);
const IP_RANGE = struct([
  ['description', 'Description', 'string'],
  ['cidrIp', 'CidrIp', 'string'],
]);
const IPV6_RANGE = struct([
  ['description', 'Description', 'string'],
  ['cidrIpv6', 'CidrIpv6', 'string'],
]);
const PREFIX_LIST_ID = struct([
  ['description', 'Description', 'string'],
  ['prefixListId', 'PrefixListId', 'string'],
]);
const TAG = struct([
  ['key', 'Key', 'string'],
  ['value', 'Value', 'string'],
]);
const IP_PERMISSION = struct([
  ['ipProtocol', 'IpProtocol', 'string'],
  ['fromPort', 'FromPort', 'int'],
  ['toPort', 'ToPort', 'int'],
  ['groups', 'UserIdGroupPairs', list(USER_ID_GROUP_PAIR)],
  ['ipRanges', 'IpRanges', list(IP_RANGE)],
  ['ipv6Ranges', 'Ipv6Ranges', list(IPV6_RANGE)],
  ['prefixListIds', 'PrefixListIds', list(PREFIX_LIST_ID)],
]);
const SECURITY_GROUP = struct([
  ['groupId', 'GroupId', 'string'],
  ['ipPermissionsEgress', 'IpPermissionsEgress', list(IP_PERMISSION)],
  ['tagSet', 'Tags', list(TAG)],
  ['vpcId', 'VpcId', 'string'],
  ['securityGroupArn', 'SecurityGroupArn', 'string'],
  ['ownerId', 'OwnerId', 'string'],
  ['groupName', 'GroupName', 'string'],
  ['groupDescription', 'Description', 'string'],
  ['ipPermissions', 'IpPermissions', list(IP_PERMISSION)],
]);
const RESULT = struct([
  ['nextToken', 'NextToken', 'string'],
  ['securityGroupInfo', 'SecurityGroups', list(SECURITY_GROUP)],
]);

const ROOT = 'DescribeSecurityGroupsResponse';
const COMMON_VALUES = ['tcp', 'udp', 'icmp', '-1', 'icmpv6', '6', '17', '1', '58'];

/** Thrown inside the scan when the input is not one it reads exactly as the SDK would. */
class NotMine extends Error {}
const NOT_MINE = new NotMine('not a plain DescribeSecurityGroupsResponse');

/**
 * The SDK's output (without $metadata) for a DescribeSecurityGroupsResponse document, or
 * undefined when the document is one to leave to the SDK's deserializer.
 */
export function parseDescribeSecurityGroupsXml(document: string): Record<string, unknown> | undefined {
  try {
    return new Scanner(document).document();
  } catch (error) {
    if (error instanceof NotMine) return undefined;
    throw error;
  }
}

const GT = 62; // >
const SLASH = 47; // /
const SPACE = 32;
const TAB = 9;
const LF = 10;

class Scanner {
  private readonly x: string;
  private i = 0;
  /** Whether the start tag read last was `<name/>`. */
  private empty = false;

  constructor(text: string) {
    // As the SDK's parser: line ends are normalized before anything else.
    this.x = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  }

  document(): Record<string, unknown> {
    const { x } = this;
    this.skipSpace();
    if (x.startsWith('<?', this.i)) {
      const end = x.indexOf('?>', this.i);
      if (end === -1) throw NOT_MINE;
      this.i = end + 2;
      this.skipSpace();
    }
    if (!x.startsWith(`<${ROOT}`, this.i)) throw NOT_MINE;
    this.i += ROOT.length + 1;
    // The root's attributes (xmlns) are not read; quoted values may hold '>'.
    const first = x.charCodeAt(this.i);
    if (first !== GT && first !== SPACE && first !== TAB && first !== LF) throw NOT_MINE;
    while (this.i < x.length) {
      const code = x.charCodeAt(this.i);
      if (code === GT) break;
      if (code === SLASH) throw NOT_MINE; // an empty root: left to the SDK
      if (code === 34 || code === 39) {
        const close = x.indexOf(code === 34 ? '"' : "'", this.i + 1);
        if (close === -1) throw NOT_MINE;
        this.i = close + 1;
      } else {
        this.i += 1;
      }
    }
    if (this.i >= x.length) throw NOT_MINE;
    this.i += 1;
    return this.struct(RESULT, ROOT);
  }

  /** The members of a struct element whose start tag was read, through its end tag. */
  private struct(spec: StructSpec, tag: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const { x } = this;
    let seen = 0;
    let next = 0;
    for (;;) {
      const open = this.nextTag();
      if (x.charCodeAt(open + 1) === SLASH) {
        this.endTag(open, tag);
        return out;
      }
      const member = this.member(spec, open, next);
      if (member === undefined) {
        const name = this.startTag(open);
        if (!this.empty) this.skip(name);
        continue;
      }
      // A repeated member is an array to the SDK's parser: left to it.
      if ((seen & member.bit) !== 0) throw NOT_MINE;
      seen |= member.bit;
      next = member.index + 1 === spec.list.length ? 0 : member.index + 1;
      out[member.name] = this.value(member.type, member.xml, this.empty);
    }
  }

  /**
   * The member whose `<name>` or `<name/>` starts at `open` (then read), or undefined. The search
   * starts after the member read last: EC2 writes members in one order, so it is usually the first.
   */
  private member(spec: StructSpec, open: number, after: number): Member | undefined {
    const { list } = spec;
    for (
      let tried = 0, at = after;
      tried < list.length;
      tried += 1, at = at + 1 === list.length ? 0 : at + 1
    ) {
      const member = list[at] as Member;
      if (this.opens(open, member.xml)) return member;
    }
    return undefined;
  }

  /** Whether `<name>` or `<name/>` starts at `open`; if so, it is read. */
  private opens(open: number, name: string): boolean {
    const { x } = this;
    if (!x.startsWith(name, open + 1)) return false;
    const after = open + 1 + name.length;
    const code = x.charCodeAt(after);
    if (code === GT) {
      this.i = after + 1;
      this.empty = false;
      return true;
    }
    if (code === SLASH && x.charCodeAt(after + 1) === GT) {
      this.i = after + 2;
      this.empty = true;
      return true;
    }
    return false;
  }

  private value(type: Leaf | StructSpec | ListSpec, tag: string, empty: boolean): unknown {
    if (type === 'string') return empty ? '' : this.text(tag);
    if (type === 'int') return empty ? integer('') : this.integer(tag);
    if (type.kind === 'struct') return empty ? {} : this.struct(type, tag);
    if (empty) return [];
    const items: Record<string, unknown>[] = [];
    const { x } = this;
    for (;;) {
      const open = this.nextTag();
      if (x.charCodeAt(open + 1) === SLASH) {
        this.endTag(open, tag);
        return items;
      }
      if (!this.opens(open, 'item')) throw NOT_MINE;
      items.push(this.empty ? {} : this.struct(type.item, 'item'));
    }
  }

  /** A leaf's text, decoded, through its end tag. */
  private text(tag: string): string {
    const { x } = this;
    const open = x.indexOf('<', this.i);
    if (open === -1 || x.charCodeAt(open + 1) !== SLASH) throw NOT_MINE;
    const common = this.common(open);
    if (common !== undefined) {
      this.endTag(open, tag);
      return common;
    }
    const raw = x.slice(this.i, open);
    this.endTag(open, tag);
    const text = raw.includes('&') ? decode(raw) : raw;
    // As the SDK's parser: whitespace holding a line break is an empty value.
    return text.includes('\n') && text.trim() === '' ? '' : text;
  }

  /** A value most rules repeat (a protocol), shared rather than copied once a rule. */
  private common(open: number): string | undefined {
    const length = open - this.i;
    if (length > 6) return undefined;
    for (const value of COMMON_VALUES) {
      if (value.length === length && this.x.startsWith(value, this.i)) return value;
    }
    return undefined;
  }

  /** An integer leaf read in place (digits only, as the SDK reads EC2's ports), through its end tag. */
  private integer(tag: string): number {
    const { x } = this;
    const open = x.indexOf('<', this.i);
    if (open === -1 || x.charCodeAt(open + 1) !== SLASH) throw NOT_MINE;
    let at = this.i;
    const negative = x.charCodeAt(at) === 45;
    if (negative) at += 1;
    const digits = open - at;
    if (digits < 1 || digits > 9 || (digits > 1 && x.charCodeAt(at) === 48)) throw NOT_MINE;
    let value = 0;
    for (; at < open; at += 1) {
      const code = x.charCodeAt(at);
      if (code < 48 || code > 57) throw NOT_MINE;
      value = value * 10 + (code - 48);
    }
    if (negative && value === 0) throw NOT_MINE;
    this.endTag(open, tag);
    return negative ? -value : value;
  }

  /** The next '<' after only line-broken whitespace (what the SDK drops between elements). */
  private nextTag(): number {
    const { x } = this;
    const open = x.indexOf('<', this.i);
    if (open === -1) throw NOT_MINE;
    if (open > this.i) {
      let lineBreak = false;
      for (let at = this.i; at < open; at += 1) {
        const code = x.charCodeAt(at);
        if (code === LF) lineBreak = true;
        else if (code !== SPACE && code !== TAB) throw NOT_MINE;
      }
      if (!lineBreak) throw NOT_MINE;
    }
    const next = x.charCodeAt(open + 1);
    if (next === 33 || next === 63) throw NOT_MINE; // <! (comment, CDATA) and <?
    return open;
  }

  /** Reads `<name>` or `<name/>` at `open`; attributes are left to the SDK. */
  private startTag(open: number): string {
    const { x } = this;
    let at = open + 1;
    while (at < x.length && isNameChar(x.charCodeAt(at))) at += 1;
    if (at === open + 1) throw NOT_MINE;
    const code = x.charCodeAt(at);
    if (code === GT) {
      this.i = at + 1;
      this.empty = false;
    } else if (code === SLASH && x.charCodeAt(at + 1) === GT) {
      this.i = at + 2;
      this.empty = true;
    } else {
      throw NOT_MINE;
    }
    return x.slice(open + 1, at);
  }

  /** Reads `</tag>` at `open` (the SDK allows whitespace before '>'). */
  private endTag(open: number, tag: string): void {
    const { x } = this;
    const end = open + 2 + tag.length;
    if (x.charCodeAt(end) === GT && x.startsWith(tag, open + 2)) {
      this.i = end + 1;
      return;
    }
    const close = x.indexOf('>', open);
    if (close === -1 || x.slice(open + 2, close).trim() !== tag) throw NOT_MINE;
    this.i = close + 1;
  }

  /** Skips an element this reader does not read (requestId, members newer than this file). */
  private skip(tag: string): void {
    const { x } = this;
    const open = x.indexOf('<', this.i);
    if (open === -1) throw NOT_MINE;
    if (x.charCodeAt(open + 1) === SLASH) {
      this.endTag(open, tag);
      return;
    }
    // Nested content: elements only, read to their end.
    this.i = open;
    for (;;) {
      const next = this.nextTagAllowingText();
      if (x.charCodeAt(next + 1) === SLASH) {
        this.endTag(next, tag);
        return;
      }
      const child = this.startTag(next);
      if (!this.empty) this.skip(child);
    }
  }

  private nextTagAllowingText(): number {
    const open = this.x.indexOf('<', this.i);
    if (open === -1) throw NOT_MINE;
    const next = this.x.charCodeAt(open + 1);
    if (next === 33 || next === 63) throw NOT_MINE;
    return open;
  }

  private skipSpace(): void {
    const { x } = this;
    while (this.i < x.length) {
      const code = x.charCodeAt(this.i);
      if (code !== SPACE && code !== TAB && code !== LF) return;
      this.i += 1;
    }
  }
}

/** Letters, digits, '_', '-', '.', ':' — an element name (anything else is left to the SDK). */
function isNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 45 ||
    code === 46 ||
    code === 58
  );
}

/** An integer member as the SDK reads EC2's (ports, ICMP types: -1 … 65535). */
function integer(text: string): number {
  if (text.length === 0 || text.length > 10) throw NOT_MINE;
  let at = text.charCodeAt(0) === 45 ? 1 : 0;
  if (at === text.length) throw NOT_MINE;
  if (text.charCodeAt(at) === 48 && text.length > at + 1) throw NOT_MINE; // leading zeros
  for (; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) throw NOT_MINE;
  }
  if (text === '-0') throw NOT_MINE;
  return Number(text);
}

const NAMED: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Decodes the five named entities and numeric references below U+10000; anything else is not mine. */
export function decode(text: string): string {
  let out = '';
  let from = 0;
  let amp = text.indexOf('&');
  while (amp !== -1) {
    const semi = text.indexOf(';', amp + 1);
    // The longest reference read here is '&#0065535;' (7 decimal digits).
    if (semi === -1 || semi - amp > 9) throw NOT_MINE;
    const name = text.slice(amp + 1, semi);
    let character = NAMED.get(name);
    if (character === undefined) character = numeric(name);
    out += text.slice(from, amp) + character;
    from = semi + 1;
    amp = text.indexOf('&', from);
  }
  return out + text.slice(from);
}

function numeric(name: string): string {
  if (name.charCodeAt(0) !== 35) throw NOT_MINE; // #
  const hex = name.charCodeAt(1) === 120; // x (the SDK reads a lower-case x only)
  const digits = name.slice(hex ? 2 : 1);
  if (digits.length === 0 || digits.length > (hex ? 6 : 7)) throw NOT_MINE;
  for (let at = 0; at < digits.length; at += 1) {
    const code = digits.charCodeAt(at);
    const decimal = code >= 48 && code <= 57;
    const letter = (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
    if (!(decimal || (hex && letter))) throw NOT_MINE;
  }
  const value = Number.parseInt(digits, hex ? 16 : 10);
  // Above U+FFFF the SDK's String.fromCharCode truncates: left to it, so the output stays the SDK's.
  if (value > 0xffff) throw NOT_MINE;
  return String.fromCharCode(value);
}
