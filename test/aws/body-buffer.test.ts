/** BodyBuffer: one buffer a listing reads its response bodies into, page after page. */
import { Readable } from 'node:stream';
import { BodyBuffer } from '../../src/aws/body-buffer';

const stream = (...chunks: (string | Buffer)[]) => Readable.from(chunks, { objectMode: true });

describe('adapter: BodyBuffer', () => {
  it('joins a stream’s chunks, bytes or text, growing past its first size', async () => {
    const bodies = new BodyBuffer();
    const big = Buffer.alloc(200_000, 'a');
    const read = await bodies.read(stream(big, 'é-', Buffer.from('end')));
    expect(Buffer.from(read as Uint8Array).toString('utf8')).toBe(`${'a'.repeat(200_000)}é-end`);
  });

  it('reads the next body into the same buffer: the view is valid until then', async () => {
    const bodies = new BodyBuffer();
    const first = await bodies.read(stream('first body, longer'));
    const kept = Buffer.from(first as Uint8Array).toString('utf8');
    const second = await bodies.read(stream('second'));
    expect(kept).toBe('first body, longer');
    expect(Buffer.from(second as Uint8Array).toString('utf8')).toBe('second');
    expect((second as Uint8Array).buffer).toBe((first as Uint8Array).buffer); // no fresh memory
    expect(Buffer.from(first as Uint8Array).toString('utf8')).toBe('secondbody, longer'); // overwritten
  });

  it('fails when the stream fails or closes before its end, as the connection breaks', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('part of a page'));
        this.destroy(new Error('socket hang up'));
      },
    });
    await expect(new BodyBuffer().read(failing)).rejects.toThrow('socket hang up');
    const cut = new Readable({
      read() {
        this.push(Buffer.from('part of a page'));
        this.destroy();
      },
    });
    await expect(new BodyBuffer().read(cut)).rejects.toThrow(/premature close/i);
  });

  it('gives bytes back as they are and declines what is neither bytes nor a stream', async () => {
    const bodies = new BodyBuffer();
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await bodies.read(bytes)).toBe(bytes);
    expect(await bodies.read('text')).toBeUndefined();
    expect(await bodies.read(null)).toBeUndefined();
    expect(await bodies.read({})).toBeUndefined();
    expect(Buffer.from((await bodies.read(stream())) as Uint8Array)).toHaveLength(0);
  });
});
