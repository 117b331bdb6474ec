/**
 * PermissionLayout: the bytes of a permission around its five values, learned once and compared
 * with the permissions after it. The reader's property tests compare whole answers with the SDK;
 * these pin the comparison itself: every byte outside the values counts, values may be any length.
 */
import { PermissionLayout } from '../../src/aws/permission-layout';

const permission = (protocol: string, from: string, to: string, cidr: string, description: string) =>
  `\n    <ipProtocol>${protocol}</ipProtocol>\n    <fromPort>${from}</fromPort>\n    <toPort>${to}</toPort>\n    <groups/>\n    <ipRanges>\n        <item>\n            <cidrIp>${cidr}</cidrIp>\n            <description>${description}</description>\n        </item>\n    </ipRanges>\n    <ipv6Ranges/>\n    <prefixListIds/>\n</item>`;

/** The spans (slot, start, end) of the five values of `text`, found by their tags. */
function spansOf(text: string): number[] {
  const tags = ['ipProtocol', 'fromPort', 'toPort', 'cidrIp', 'description'];
  return tags.flatMap((tag, slot) => {
    const start = text.indexOf(`<${tag}>`) + tag.length + 2;
    return [slot, start, text.indexOf(`</${tag}>`, start)];
  });
}

function learned(): PermissionLayout {
  const text = permission('tcp', '22', '22', '10.0.0.0/8', 'ssh');
  const layout = PermissionLayout.learn(Buffer.from(text), 0, text.length, spansOf(text));
  if (layout === undefined) throw new Error('no layout learned');
  return layout;
}

function matchOf(layout: PermissionLayout, text: string) {
  const bytes = Buffer.from(text);
  const values = new Int32Array(10);
  const end = layout.match(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, values);
  const cut = Array.from({ length: 5 }, (_, slot) => text.slice(values[slot * 2], values[slot * 2 + 1]));
  return { end, values: end === -1 ? undefined : cut };
}

describe('adapter: PermissionLayout', () => {
  it('cuts out values of any length from a permission laid out alike', () => {
    const layout = learned();
    const text = permission(
      'udp',
      '1024',
      '65535',
      '192.168.100.0/24',
      'a much longer description &amp; more',
    );
    expect(matchOf(layout, `${text}\n<item>`)).toEqual({
      end: text.length,
      values: ['udp', '1024', '65535', '192.168.100.0/24', 'a much longer description &amp; more'],
    });
    expect(matchOf(layout, permission('', '', '', '', '')).values).toEqual(['', '', '', '', '']);
  });

  it('matches nothing that differs by one byte outside the values, anywhere', () => {
    const layout = learned();
    const text = permission('tcp', '22', '22', '10.0.0.0/8', 'ssh');
    const values = new Set(
      spansOf(text).flatMap((_, at, all) => {
        if (at % 3 !== 0) return [];
        return Array.from(
          { length: (all[at + 2] as number) - (all[at + 1] as number) },
          (__, k) => (all[at + 1] as number) + k,
        );
      }),
    );
    let checked = 0;
    for (let at = 0; at < text.length; at += 1) {
      if (values.has(at)) continue;
      const changed = `${text.slice(0, at)}${text[at] === ' ' ? '\t' : ' '}${text.slice(at + 1)}`;
      expect({ at, end: matchOf(layout, changed).end }).toEqual({ at, end: -1 });
      checked += 1;
    }
    expect(checked).toBeGreaterThan(250);
  });

  it('matches nothing cut short, without reading past the end', () => {
    const layout = learned();
    const text = permission('tcp', '22', '22', '10.0.0.0/8', 'ssh');
    for (let length = 0; length < text.length; length += 1) {
      expect(matchOf(layout, text.slice(0, length)).end).toBe(-1);
    }
  });

  it('learns only the five values, each once, in the order they stand', () => {
    const text = permission('tcp', '22', '22', '10.0.0.0/8', 'ssh');
    const bytes = Buffer.from(text);
    const spans = spansOf(text);
    expect(PermissionLayout.learn(bytes, 0, text.length, spans.slice(0, 12))).toBeUndefined();
    expect(PermissionLayout.learn(bytes, 0, text.length, [...spans.slice(0, 12), 0, 1, 2])).toBeUndefined();
    expect(PermissionLayout.learn(bytes, 0, text.length, [...spans.slice(0, 12), 4, -1, -1])).toBeUndefined();
    const swapped = [...spans.slice(3, 6), ...spans.slice(0, 3), ...spans.slice(6)];
    expect(PermissionLayout.learn(bytes, 0, text.length, swapped)).toBeUndefined();
  });
});
