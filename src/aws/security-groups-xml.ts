/**
 * A purpose-built reader of EC2's DescribeSecurityGroupsResponse XML (query protocol) straight to
 * canonical groups: exactly the groups normalizeGroup makes of the SDK's output for the same answer,
 * without the SDK's parse tree, its output objects or a second pass over them. At the quota ceiling
 * (300,000 rules in an account-region) those were most of the audit item's CPU and memory.
 *
 * It reads only what it reads exactly as the SDK and normalizeGroup would. Anything else (comments,
 * CDATA, any attribute but the root's namespace, text beside elements, an element called
 * __proto__, unknown elements nested over 32 deep, an entity other than the five named ones and
 * numeric references below U+10000, a repeated member, a malformed number or tag, a value
 * normalizeGroup rejects, a group's ownerId after its group references) makes it answer undefined,
 * and the caller hands the bytes to the SDK's deserializer and normalizeGroup, which read them as
 * before and name what is wrong. Values are data: the scan is byte loops over the answer's bytes
 * (linear, whatever the input; no text of the whole page is made), element names are matched
 * against fixed lists, and a permission laid out byte for byte like one read before is read by its
 * layout (permission-layout.ts). Laid out one element a line, as the EC2 API reference shows its
 * answers, a page of 250 groups at the quota ceiling is ~16 MB.
 */
import { isAscii } from 'node:buffer';
import { SnapshotError } from '../errors';
import type { Json } from '../model/json-shape';
import {
  peerRule,
  permissionPorts,
  permissionProtocol,
  setTag,
  toPeer,
  withGroupDetails,
} from '../model/normalize';
import { RuleList } from '../model/rule-list';
import type { Direction, GroupPeer, SecurityGroup } from '../model/types';
import {
  CIDR,
  DESCRIPTION,
  FROM_PORT,
  PermissionLayout,
  PROTOCOL,
  type Slot,
  TO_PORT,
} from './permission-layout';

/** One page of DescribeSecurityGroups, its groups canonical. */
export interface SecurityGroupsPage {
  /** As the SDK reads it: absent when the answer has none, '' for an empty element. */
  NextToken?: string;
  groups: SecurityGroup[];
}

/**
 * The page a DescribeSecurityGroupsResponse document holds, or undefined when the document is one
 * to leave to the SDK's deserializer and normalizeGroup.
 */
export function readDescribeSecurityGroupsXml(body: Uint8Array): SecurityGroupsPage | undefined {
  try {
    return new Scanner(lineEndsNormalized(body)).document();
  } catch (error) {
    if (error instanceof NotMine || error instanceof SnapshotError) return undefined;
    throw error;
  }
}

/**
 * The answer's bytes as the SDK's parser reads them: line ends normalized before anything else
 * (CR LF and a lone CR are LF). Without a CR, the bytes themselves, not a copy. With one, the text
 * is normalized and encoded again: decoding that gives the same text (a malformed sequence decodes
 * to U+FFFD, whose encoding decodes to U+FFFD again).
 */
function lineEndsNormalized(body: Uint8Array): Buffer {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.indexOf(CR) === -1) return bytes;
  return Buffer.from(bytes.toString('utf8').replace(/\r\n?/g, '\n'), 'utf8');
}

// Member element names, in the order EC2 writes them: the search for the next member starts after
// the one read last, so it usually matches first. Every member the SDK's schema has is listed (a
// test compares the lists with it): the SDK reads a member it knows even when normalizeGroup ignores
// it, and fails on one that is not what its schema says. Elements not listed (requestId, members
// newer than the SDK) are skipped, as the SDK skips them.
const RESULT = ['nextToken', 'securityGroupInfo'];
const GROUP = [
  'ownerId',
  'groupId',
  'groupName',
  'groupDescription',
  'ipPermissions',
  'ipPermissionsEgress',
  'vpcId',
  'tagSet',
  'securityGroupArn',
];
const PERMISSION = ['ipProtocol', 'fromPort', 'toPort', 'groups', 'ipRanges', 'ipv6Ranges', 'prefixListIds'];
/** A group reference's elements and the SDK's names for them (what withGroupDetails reads). */
const REFERENCE = [
  ['userId', 'UserId'],
  ['groupId', 'GroupId'],
  ['groupName', 'GroupName'],
  ['vpcId', 'VpcId'],
  ['vpcPeeringConnectionId', 'VpcPeeringConnectionId'],
  ['peeringStatus', 'PeeringStatus'],
  ['description', 'Description'],
] as const;
const REFERENCE_NAMES = REFERENCE.map(([xml]) => xml);
const IP_RANGE = ['cidrIp', 'description'];
const IPV6_RANGE = ['cidrIpv6', 'description'];
const PREFIX_LIST = ['prefixListId', 'description'];
const TAG = ['key', 'value'];

/** The members this reader knows, by the SDK's structure name (what the schema test compares). */
export const KNOWN_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  DescribeSecurityGroupsResult: RESULT,
  SecurityGroup: GROUP,
  IpPermission: PERMISSION,
  UserIdGroupPair: REFERENCE_NAMES,
  IpRange: IP_RANGE,
  Ipv6Range: IPV6_RANGE,
  PrefixListId: PREFIX_LIST,
  Tag: TAG,
};

const ROOT = 'DescribeSecurityGroupsResponse';
const COMMON_VALUES = ['tcp', 'udp', 'icmp', '-1', 'icmpv6', '6', '17', '1', '58'];
/** How deep an element this reader does not read may nest. */
const MAX_SKIPPED_DEPTH = 32;
/** What member() answers at the end tag of the element whose members it reads. */
const END = -1;
/** Error paths are not needed here: on any error the SDK path reads the document again. */
const NO_PATH = () => '';

/** Thrown inside the scan when the input is not one it reads exactly as the SDK would. */
class NotMine extends Error {}
const NOT_MINE = new NotMine('not a plain DescribeSecurityGroupsResponse');

/** `seen` with the bit of member `index`; a member read twice is an array to the SDK: not mine. */
function once(seen: number, index: number): number {
  const bit = 1 << index;
  if ((seen & bit) !== 0) throw NOT_MINE;
  return seen | bit;
}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const QUOTE = 34; // "
const AMP = 38; // &
const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const FOUR_SPACES = 0x20202020;

/**
 * Reads the answer's bytes in place: no text of the whole page is made (at the ceiling it was a
 * second copy of a 16 MB page, and most of the garbage), only each value's own string.
 */
class Scanner {
  private readonly b: Buffer;
  /** The same bytes, read four at a time where indentation runs; the last offset a word fits at. */
  private readonly words: DataView;
  private readonly lastWord: number;
  /** Whether the answer is all ASCII: then a value's bytes are its characters. */
  private readonly ascii: boolean;
  private i = 0;
  /** Whether the start tag read last was `<name/>`. */
  private empty = false;
  // The group being read: its owner (to drop from its own references, as normalizeGroup does), and
  // whether a reference was read before the owner was.
  private ownerId: string | undefined;
  private ownerRead = false;
  private referenceBeforeOwner = false;
  // The peers of the permission being read, by kind: [value, description] pairs, and references.
  // Rules are made at the permission's end, once its protocol and ports are known, in
  // normalizeGroup's order of kinds. Permissions do not nest, so the lists are reused.
  private readonly cidr4: (string | undefined)[] = [];
  private readonly cidr6: (string | undefined)[] = [];
  private readonly prefixLists: (string | undefined)[] = [];
  private readonly references: Json[] = [];
  // Layout learning: the values of the permission being read element by element (slot, start,
  // end), where the value read last stood, the layout learned last, and a matched one's values.
  private readonly spans: number[] = [];
  private valueStart = -1;
  private valueEnd = -1;
  private layout: PermissionLayout | undefined;
  private readonly values = new Int32Array(10);

  constructor(bytes: Buffer) {
    this.b = bytes;
    this.words = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.lastWord = bytes.byteLength - 4;
    this.ascii = isAscii(bytes);
  }

  document(): SecurityGroupsPage {
    const { b } = this;
    this.skipSpace();
    if (b[this.i] === LT && b[this.i + 1] === 63) {
      const end = b.indexOf('?>', this.i);
      if (end === -1) throw NOT_MINE;
      this.i = end + 2;
      this.skipSpace();
    }
    if (b[this.i] !== LT || !this.at(this.i + 1, ROOT)) throw NOT_MINE;
    this.i += ROOT.length + 1;
    // The root carries EC2's namespace and nothing else. The SDK copies root attributes over the
    // members (a `nextToken="…"` attribute would page the listing) and rejects malformed ones.
    if (this.at(this.i, ' xmlns="')) {
      const close = b.indexOf(QUOTE, this.i + 8);
      if (close === -1) throw NOT_MINE;
      this.i = close + 1;
    }
    if (b[this.i] !== GT) throw NOT_MINE;
    this.i += 1;

    const page: SecurityGroupsPage = { groups: [] };
    let seen = 0;
    for (
      let index = this.member(RESULT, ROOT, 0);
      index !== END;
      index = this.member(RESULT, ROOT, index + 1)
    ) {
      seen = once(seen, index);
      if (RESULT[index] === 'nextToken') {
        page.NextToken = this.string('nextToken');
      } else if (!this.empty) {
        while (this.nextItem('securityGroupInfo')) page.groups.push(this.group());
      }
    }
    return page;
  }

  /** A group `<item>` whose start tag was read, through its end tag. */
  private group(): SecurityGroup {
    if (this.empty) throw NOT_MINE; // no GroupId, which normalizeGroup rejects
    let groupId: string | undefined;
    let groupName: string | undefined;
    let description: string | undefined;
    let vpcId: string | undefined;
    const tags: Record<string, string> = {};
    // normalizeGroup's rules: ingress then egress, whichever the answer lists first.
    const ingress = new RuleList();
    const egress = new RuleList();
    this.ownerId = undefined;
    this.ownerRead = false;
    this.referenceBeforeOwner = false;
    let seen = 0;
    for (
      let index = this.member(GROUP, 'item', 0);
      index !== END;
      index = this.member(GROUP, 'item', index + 1)
    ) {
      seen = once(seen, index);
      const name = GROUP[index] as string;
      switch (name) {
        case 'ownerId':
          this.ownerId = this.string(name);
          this.ownerRead = true;
          break;
        case 'groupId':
          groupId = this.string(name);
          break;
        case 'groupName':
          groupName = this.string(name);
          break;
        case 'groupDescription':
          description = this.string(name);
          break;
        case 'ipPermissions':
          this.permissions(name, 'ingress', ingress);
          break;
        case 'ipPermissionsEgress':
          this.permissions(name, 'egress', egress);
          break;
        case 'vpcId':
          vpcId = this.string(name);
          break;
        case 'securityGroupArn':
          this.string(name); // unused, but a string to the SDK: element content fails it
          break;
        default:
          this.tags(name, tags);
      }
    }
    // normalizeGroup drops the owner from references it reads after the owner: here, from all.
    if (this.referenceBeforeOwner && this.ownerId !== undefined) throw NOT_MINE;
    if (!groupId || !groupName) throw NOT_MINE; // both required, non-empty
    const group: SecurityGroup = {
      groupId,
      groupName,
      tags,
      rules: [...ingress.rules, ...egress.rules],
    };
    if (vpcId !== undefined) group.vpcId = vpcId;
    if (this.ownerId !== undefined) group.ownerId = this.ownerId;
    if (description !== undefined) group.description = description;
    return group;
  }

  private permissions(tag: string, direction: Direction, rules: RuleList): void {
    if (this.empty) return;
    while (this.nextItem(tag)) this.permission(direction, rules);
  }

  /**
   * A permission `<item>` whose start tag was read, through its end tag, into `rules`: by the page's
   * learned layout when its bytes match it, else element by element (learning its layout).
   */
  private permission(direction: Direction, rules: RuleList): void {
    if (this.empty) throw NOT_MINE; // no IpProtocol, which normalizeGroup rejects
    let protocolText: string | undefined;
    let from: number | undefined;
    let to: number | undefined;
    const { cidr4, cidr6, prefixLists, references, values } = this;
    if (cidr4.length !== 0) cidr4.length = 0;
    if (cidr6.length !== 0) cidr6.length = 0;
    if (prefixLists.length !== 0) prefixLists.length = 0;
    if (references.length !== 0) references.length = 0;
    const end = this.layout === undefined ? -1 : this.layout.match(this.b, this.words, this.i, values);
    if (end !== -1) {
      protocolText = this.valueText(values[PROTOCOL * 2] as number, values[PROTOCOL * 2 + 1] as number);
      from = this.integerAt(values[FROM_PORT * 2] as number, values[FROM_PORT * 2 + 1] as number);
      to = this.integerAt(values[TO_PORT * 2] as number, values[TO_PORT * 2 + 1] as number);
      cidr4.push(
        this.valueText(values[CIDR * 2] as number, values[CIDR * 2 + 1] as number),
        this.valueText(values[DESCRIPTION * 2] as number, values[DESCRIPTION * 2 + 1] as number),
      );
      this.i = end;
    } else {
      const start = this.i;
      this.spans.length = 0;
      let seen = 0;
      for (
        let index = this.member(PERMISSION, 'item', 0);
        index !== END;
        index = this.member(PERMISSION, 'item', index + 1)
      ) {
        seen = once(seen, index);
        // PERMISSION's order: ipProtocol, fromPort, toPort, groups, ipRanges, ipv6Ranges, prefixListIds.
        if (index === 0) {
          protocolText = this.string('ipProtocol');
          this.note(PROTOCOL);
        } else if (index === 1) {
          from = this.integer('fromPort');
          this.note(FROM_PORT);
        } else if (index === 2) {
          to = this.integer('toPort');
          this.note(TO_PORT);
        } else if (index === 3) this.readReferences('groups');
        else if (index === 4) this.pairs('ipRanges', IP_RANGE, cidr4, true);
        else if (index === 5) this.pairs('ipv6Ranges', IPV6_RANGE, cidr6);
        else this.pairs('prefixListIds', PREFIX_LIST, prefixLists);
      }
      // Only a permission of one IPv4 range, all its values noted, makes a layout: anything else
      // it read (references, other ranges) would stand in the layout's bytes, not in its values.
      if (cidr4.length === 2 && cidr6.length === 0 && prefixLists.length === 0 && references.length === 0) {
        this.layout = PermissionLayout.learn(this.b, start, this.i, this.spans) ?? this.layout;
      }
    }
    const protocol = permissionProtocol(protocolText, '');
    const { fromPort, toPort } = permissionPorts(protocol, from, to, '');
    // normalizeGroup's order of kinds: IPv4, IPv6, prefix lists, groups.
    for (let kind = 0; kind < 3; kind += 1) {
      const pairs = kind === 0 ? cidr4 : kind === 1 ? cidr6 : prefixLists;
      const peerKind = kind === 0 ? 'cidr4' : kind === 1 ? 'cidr6' : 'prefix-list';
      for (let at = 0; at < pairs.length; at += 2) {
        const peer = toPeer(peerKind, pairs[at]);
        if (peer === undefined) throw NOT_MINE;
        const rule = peerRule(direction, protocol, fromPort, toPort, peer, pairs[at + 1]);
        rules.add(rule);
      }
    }
    for (const source of references) {
      const found = toPeer('group', source.GroupId);
      if (found === undefined) throw NOT_MINE;
      if (!this.ownerRead) this.referenceBeforeOwner = true;
      const peer = withGroupDetails(found as GroupPeer, source, this.ownerId, NO_PATH);
      const rule = peerRule(
        direction,
        protocol,
        fromPort,
        toPort,
        peer,
        source.Description as string | undefined,
      );
      rules.add(rule);
    }
  }

  /**
   * The two members of each item of a list, as flat pairs: a range's value and description
   * (IpRanges, Ipv6Ranges, PrefixListIds), a tag's key and value.
   */
  private pairs(tag: string, names: readonly string[], out: (string | undefined)[], noted = false): void {
    if (this.empty) return;
    while (this.nextItem(tag)) {
      // `<item/>`: a range without its value, a tag without its key; normalizeGroup rejects both.
      if (this.empty) throw NOT_MINE;
      let first: string | undefined;
      let second: string | undefined;
      let seen = 0;
      for (
        let index = this.member(names, 'item', 0);
        index !== END;
        index = this.member(names, 'item', index + 1)
      ) {
        seen = once(seen, index);
        if (index === 0) {
          first = this.string(names[0] as string);
          if (noted) this.note(CIDR);
        } else {
          second = this.string(names[1] as string);
          if (noted) this.note(DESCRIPTION);
        }
      }
      out.push(first, second);
    }
  }

  /** Each group reference (UserIdGroupPairs) with the SDK's member names. */
  private readReferences(tag: string): void {
    if (this.empty) return;
    while (this.nextItem(tag)) {
      if (this.empty) throw NOT_MINE; // no GroupId, which normalizeGroup rejects
      const source: Json = {};
      let seen = 0;
      for (
        let index = this.member(REFERENCE_NAMES, 'item', 0);
        index !== END;
        index = this.member(REFERENCE_NAMES, 'item', index + 1)
      ) {
        seen = once(seen, index);
        const [xml, name] = REFERENCE[index] as (typeof REFERENCE)[number];
        source[name] = this.string(xml);
      }
      this.references.push(source);
    }
  }

  private tags(tag: string, tags: Record<string, string>): void {
    const pairs: (string | undefined)[] = [];
    this.pairs(tag, TAG, pairs);
    for (let at = 0; at < pairs.length; at += 2) {
      const key = pairs[at];
      if (!key) throw NOT_MINE; // required, non-empty
      setTag(tags, key, pairs[at + 1] ?? '');
    }
  }

  /**
   * The index in `names` of the next member of the element `tag` (its start tag read), read
   * through its own start tag; END once `</tag>` is read. Elements not in `names` are skipped. The
   * search starts at `from` (wrapping round).
   */
  private member(names: readonly string[], tag: string, from: number): number {
    const count = names.length;
    for (;;) {
      const open = this.nextTag();
      if (this.b[open + 1] === SLASH) {
        this.endTag(open, tag);
        return END;
      }
      for (let tried = 0, at = from % count; tried < count; tried += 1, at = at + 1 === count ? 0 : at + 1) {
        if (this.opens(open, names[at] as string)) return at;
      }
      const name = this.startTag(open);
      if (!this.empty) this.skip(name);
    }
  }

  /** Reads the next `<item>` of the list `tag` (true), or its `</tag>` (false). */
  private nextItem(tag: string): boolean {
    const open = this.nextTag();
    if (this.b[open + 1] === SLASH) {
      this.endTag(open, tag);
      return false;
    }
    if (!this.opens(open, 'item')) throw NOT_MINE;
    return true;
  }

  /** Whether `<name>` or `<name/>` starts at `open`; if so, it is read. */
  private opens(open: number, name: string): boolean {
    if (!this.at(open + 1, name)) return false;
    const { b } = this;
    const after = open + 1 + name.length;
    const code = b[after];
    if (code === GT) {
      this.i = after + 1;
      this.empty = false;
      return true;
    }
    if (code === SLASH && b[after + 1] === GT) {
      this.i = after + 2;
      this.empty = true;
      return true;
    }
    return false;
  }

  /** Whether the bytes at `start` spell `ascii` (beyond the end they do not). */
  private at(start: number, ascii: string): boolean {
    const { b } = this;
    for (let k = 0; k < ascii.length; k += 1) {
      if (b[start + k] !== ascii.charCodeAt(k)) return false;
    }
    return true;
  }

  /** A string member whose start tag was read: '' for `<tag/>`, as the SDK reads it. */
  private string(tag: string): string {
    if (!this.empty) return this.text(tag);
    this.valueStart = -1; // no value to cut out of a layout
    return '';
  }

  /**
   * Notes where the value read last stood, as `slot` of the permission being read (a start of -1,
   * `<name/>`, is no layout's value: PermissionLayout.learn refuses it).
   */
  private note(slot: Slot): void {
    this.spans.push(slot, this.valueStart, this.valueEnd);
  }

  /** A leaf's text, decoded, through its end tag. */
  private text(tag: string): string {
    const open = this.leafEnd();
    const text = this.valueText(this.i, open);
    this.valueStart = this.i;
    this.valueEnd = open;
    this.endTag(open, tag);
    return text;
  }

  /** The text of the value `[start, end)`, decoded as the SDK's parser decodes it. */
  private valueText(start: number, end: number): string {
    const common = this.common(start, end);
    if (common !== undefined) return common;
    const { b } = this;
    let entities = false;
    for (let at = start; at < end; at += 1) {
      if (b[at] === AMP) {
        entities = true;
        break;
      }
    }
    // Each value its own string: nothing here keeps the page's bytes alive.
    const raw = b.toString(this.ascii ? 'latin1' : 'utf8', start, end);
    const text = entities ? decode(raw) : raw;
    // As the SDK's parser: whitespace holding a line break is an empty value.
    return text.includes('\n') && text.trim() === '' ? '' : text;
  }

  /** Where a leaf's end tag starts: the next '<', which must begin `</`. */
  private leafEnd(): number {
    const { b } = this;
    const length = b.length;
    let open = this.i;
    while (open < length && b[open] !== LT) open += 1;
    if (open === length || b[open + 1] !== SLASH) throw NOT_MINE;
    return open;
  }

  /** A value most rules repeat (a protocol), shared rather than made once a rule. */
  private common(start: number, end: number): string | undefined {
    const length = end - start;
    if (length > 6) return undefined;
    for (const value of COMMON_VALUES) {
      if (value.length === length && this.at(start, value)) return value;
    }
    return undefined;
  }

  /** An integer member read in place (digits only, as the SDK reads EC2's ports), through its end tag. */
  private integer(tag: string): number {
    if (this.empty) throw NOT_MINE; // the SDK reads NaN
    const open = this.leafEnd();
    const value = this.integerAt(this.i, open);
    this.valueStart = this.i;
    this.valueEnd = open;
    this.endTag(open, tag);
    return value;
  }

  /** The integer the value `[start, end)` spells: digits, an optional minus, no leading zero. */
  private integerAt(start: number, end: number): number {
    const { b } = this;
    let at = start;
    const negative = b[at] === 45;
    if (negative) at += 1;
    const digits = end - at;
    if (digits < 1 || digits > 9 || (digits > 1 && b[at] === 48)) throw NOT_MINE;
    let value = 0;
    for (; at < end; at += 1) {
      const code = b[at] as number;
      if (code < 48 || code > 57) throw NOT_MINE;
      value = value * 10 + (code - 48);
    }
    if (negative && value === 0) throw NOT_MINE;
    return negative ? -value : value;
  }

  /**
   * The next '<' after only line-broken whitespace (what the SDK drops between elements): spaces,
   * tabs and line breaks, at least one line break. Every byte is looked at, and most bytes of a
   * page are indentation: EC2's layout (a line break, then spaces) is read four spaces at a time.
   */
  private nextTag(): number {
    const { b } = this;
    let open = this.i;
    let code = b[open];
    if (code !== LT) {
      let lineBreak = false;
      if (code === LF) {
        lineBreak = true;
        open += 1;
        const { words, lastWord } = this;
        while (open <= lastWord && words.getUint32(open, true) === FOUR_SPACES) open += 4;
        code = b[open];
      }
      while (code !== LT) {
        if (code === LF) lineBreak = true;
        else if (code !== SPACE && code !== TAB) throw NOT_MINE; // text, or the end
        open += 1;
        code = b[open];
      }
      if (!lineBreak) throw NOT_MINE;
    }
    const next = b[open + 1];
    if (next === 33 || next === 63) throw NOT_MINE; // <! (comment, CDATA) and <?
    return open;
  }

  /** Reads `<name>` or `<name/>` at `open`; attributes are left to the SDK. */
  private startTag(open: number): string {
    const { b } = this;
    let at = open + 1;
    while (at < b.length && isNameChar(b[at] as number)) at += 1;
    if (at === open + 1) throw NOT_MINE;
    // The SDK's parser fails on an element called __proto__ (its object keys are the names).
    if (at - open - 1 === 9 && this.at(open + 1, '__proto__')) throw NOT_MINE;
    const code = b[at];
    if (code === GT) {
      this.i = at + 1;
      this.empty = false;
    } else if (code === SLASH && b[at + 1] === GT) {
      this.i = at + 2;
      this.empty = true;
    } else {
      throw NOT_MINE;
    }
    return b.toString('latin1', open + 1, at); // name characters are ASCII
  }

  /** Reads `</tag>` at `open` (the SDK allows whitespace before '>'). */
  private endTag(open: number, tag: string): void {
    const { b } = this;
    const end = open + 2 + tag.length;
    if (b[end] === GT && this.at(open + 2, tag)) {
      this.i = end + 1;
      return;
    }
    const close = b.indexOf(GT, open);
    if (close === -1 || b.toString('utf8', open + 2, close).trim() !== tag) throw NOT_MINE;
    this.i = close + 1;
  }

  /**
   * Skips an element this reader does not read (requestId, securityGroupArn, members newer than
   * this file), its start tag read: elements only, to their end, at most MAX_SKIPPED_DEPTH deep
   * (the SDK's parser runs out of stack a few thousand levels down; EC2 nests a few).
   */
  private skip(tag: string): void {
    const open: string[] = [tag];
    while (open.length > 0) {
      const next = this.nextTagAllowingText();
      if (this.b[next + 1] === SLASH) {
        this.endTag(next, open.pop() as string);
        continue;
      }
      const child = this.startTag(next);
      if (!this.empty) {
        if (open.length >= MAX_SKIPPED_DEPTH) throw NOT_MINE;
        open.push(child);
      }
    }
  }

  private nextTagAllowingText(): number {
    const open = this.b.indexOf(LT, this.i);
    if (open === -1) throw NOT_MINE;
    const next = this.b[open + 1];
    if (next === 33 || next === 63) throw NOT_MINE;
    return open;
  }

  private skipSpace(): void {
    const { b } = this;
    while (this.i < b.length) {
      const code = b[this.i];
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
