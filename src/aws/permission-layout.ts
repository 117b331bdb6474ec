/**
 * The byte layout of one permission of a DescribeSecurityGroups page, learned from a permission the
 * reader read element by element: its bytes with its five values cut out (protocol, from port, to
 * port, one IPv4 range and its description). EC2 lays out every such permission of a page alike, one
 * element a line, so the permissions after it are read by comparing their bytes with the layout,
 * four at a time, and cutting their values out at the same places.
 *
 * Why that reads exactly what the element-by-element read would: the bytes around the values are
 * the ones that read accepted, and a value ends at the first '<' in both reads, so the same elements
 * are met in the same order; the values are then read by the same functions. A permission whose
 * bytes differ anywhere is read element by element, as before.
 */

/** Which value of a permission: its protocol, from port, to port, IPv4 range, the range's description. */
export type Slot = 0 | 1 | 2 | 3 | 4;
export const PROTOCOL: Slot = 0;
export const FROM_PORT: Slot = 1;
export const TO_PORT: Slot = 2;
export const CIDR: Slot = 3;
export const DESCRIPTION: Slot = 4;
const SLOTS = 5;

const LT = 60; // <

/** Bytes to compare, with their whole 32-bit words (little-endian) precomputed. */
interface Segment {
  bytes: Uint8Array;
  words: Uint32Array;
}

export class PermissionLayout {
  private constructor(
    /** The bytes before the first value, between each two, and after the last (through `</item>`). */
    private readonly segments: readonly Segment[],
    /** The slot of each value, in the order the values stand. */
    private readonly order: readonly Slot[],
  ) {}

  /**
   * The layout of the permission `bytes[start, end)`, whose values stood at `spans` (slot, start,
   * end, in the order read), or undefined unless those are the five slots, each once, each a value
   * between a start and an end tag.
   */
  static learn(
    bytes: Uint8Array,
    start: number,
    end: number,
    spans: readonly number[],
  ): PermissionLayout | undefined {
    if (spans.length !== SLOTS * 3) return undefined;
    const order: Slot[] = [];
    const segments: Segment[] = [];
    let from = start;
    for (let at = 0; at < spans.length; at += 3) {
      const [slot, valueStart, valueEnd] = [
        spans[at] as Slot,
        spans[at + 1] as number,
        spans[at + 2] as number,
      ];
      if (order.includes(slot) || valueStart < from || valueEnd < valueStart) return undefined;
      order.push(slot);
      segments.push(segment(bytes, from, valueStart));
      from = valueEnd;
    }
    if (end < from) return undefined;
    segments.push(segment(bytes, from, end));
    return new PermissionLayout(segments, order);
  }

  /**
   * Where the permission starting at `at` ends if its bytes are this layout's around its values
   * (each value's start and end then written to `values`, two a slot), or -1.
   */
  match(bytes: Uint8Array, words: DataView, at: number, values: Int32Array): number {
    const { segments, order } = this;
    const last = segments.length - 1;
    let offset = at;
    for (let index = 0; ; index += 1) {
      const segment = segments[index] as Segment;
      if (!sameBytes(bytes, words, offset, segment)) return -1;
      offset += segment.bytes.length;
      if (index === last) return offset;
      const valueStart = offset;
      while (bytes[offset] !== LT) {
        if (offset >= bytes.length) return -1;
        offset += 1;
      }
      const slot = order[index] as Slot;
      values[slot * 2] = valueStart;
      values[slot * 2 + 1] = offset;
    }
  }
}

function segment(bytes: Uint8Array, start: number, end: number): Segment {
  const view = bytes.subarray(start, end); // a layout lives as long as the page it was learned on
  const words = new Uint32Array(view.length >> 2);
  const reader = new DataView(view.buffer, view.byteOffset, view.byteLength);
  for (let index = 0; index < words.length; index += 1) words[index] = reader.getUint32(index * 4, true);
  return { bytes: view, words };
}

/** Whether `segment` stands at `at`: whole words first, then the last bytes. */
function sameBytes(bytes: Uint8Array, words: DataView, at: number, segment: Segment): boolean {
  const expected = segment.bytes;
  if (at + expected.length > bytes.length) return false;
  const expectedWords = segment.words;
  for (let index = 0; index < expectedWords.length; index += 1) {
    if (words.getUint32(at + index * 4, true) !== expectedWords[index]) return false;
  }
  for (let index = expectedWords.length * 4; index < expected.length; index += 1) {
    if (bytes[at + index] !== expected[index]) return false;
  }
  return true;
}
