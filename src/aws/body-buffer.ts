/**
 * Response bodies read into one buffer that a listing keeps from page to page. At the quota
 * ceiling a DescribeSecurityGroups page is ~16 MB: joining its chunks into fresh memory for every
 * page (Buffer.concat) cost more CPU, in copying and first touches of new pages, than reading it.
 * A listing's pages are read one after another, so one buffer serves them all.
 */
export class BodyBuffer {
  private buffer = Buffer.allocUnsafe(64 * 1024);

  /**
   * The whole body (a Node stream, or bytes), or undefined for anything else. A body read from a
   * stream is a view of this buffer: valid until the next read.
   */
  async read(body: unknown): Promise<Uint8Array | undefined> {
    if (body instanceof Uint8Array) return body;
    if (body === null || typeof body !== 'object' || !(Symbol.asyncIterator in body)) return undefined;
    let length = 0;
    for await (const piece of body as AsyncIterable<Uint8Array | string>) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      if (length + chunk.length > this.buffer.length) this.grow(length + chunk.length, length);
      this.buffer.set(chunk, length);
      length += chunk.length;
    }
    return this.buffer.subarray(0, length);
  }

  /** At least `needed` bytes, the first `kept` of them kept; doubling, so a page is copied O(1) times. */
  private grow(needed: number, kept: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(bigger, 0, 0, kept);
    this.buffer = bigger;
  }
}
