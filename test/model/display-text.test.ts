import fc from 'fast-check';
import { displayJson, displayLines, displayText } from '../../src/model/display-text';
import { HOSTILE_RUNS, hostileString, rawUnsafe } from '../support/hostile-text';

describe('display text', () => {
  it('shows newlines, tabs and carriage returns as their escapes', () => {
    expect(displayText('a\nOverall Compliance: COMPLIANT\r\n\tb')).toBe(
      'a\\nOverall Compliance: COMPLIANT\\r\\n\\tb',
    );
  });

  it('shows C0, DEL and C1 controls as \\u escapes', () => {
    expect(displayText('\u001b]0;pwned\u0007\u0000\u007f\u009b2J\u0085')).toBe(
      '\\u001b]0;pwned\\u0007\\u0000\\u007f\\u009b2J\\u0085',
    );
  });

  it('shows bidi marks, embeddings, overrides and isolates', () => {
    expect(displayText('\u202egpj.exe\u202a\u202c\u2066\u2067\u2068\u2069\u200e\u200f\u061c')).toBe(
      '\\u202egpj.exe\\u202a\\u202c\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c',
    );
  });

  it('shows line and paragraph separators, zero-width characters, the BOM and tag characters', () => {
    expect(displayText('a\u2028b\u2029c\u200bd\ufeffe\u{e0041}')).toBe(
      'a\\u2028b\\u2029c\\u200bd\\ufeffe\\u{e0041}',
    );
  });

  it('shows lone surrogates and keeps pairs (emoji) as they are', () => {
    expect(displayText('\ud800x\udfff')).toBe('\\ud800x\\udfff');
    expect(displayText('db 🔒 café ✓ │')).toBe('db 🔒 café ✓ │');
  });

  it('keeps printable text, backslashes included', () => {
    expect(displayText('thebot-database-sg (sg-0a1b) C:\\temp')).toBe(
      'thebot-database-sg (sg-0a1b) C:\\temp',
    );
  });

  it('joins lines with its own newlines only', () => {
    expect(displayLines(['one\ntwo', 'three'])).toBe('one\\ntwo\nthree');
  });

  it('is idempotent and leaves nothing unsafe (fast-check)', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const shown = displayText(text);
        expect(rawUnsafe(shown)).toEqual([]);
        expect(shown).not.toContain('\n');
        expect(displayText(shown)).toBe(shown);
      }),
      { numRuns: HOSTILE_RUNS * 5 },
    );
  });
});

describe('display JSON', () => {
  it('escapes what JSON.stringify leaves raw and parses back to the same value (fast-check)', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const value = { name: text, tags: [text, `\u{e0041}${text}`] };
        const json = displayJson(value, undefined, 2);
        expect(rawUnsafe(json)).toEqual([]);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: HOSTILE_RUNS * 5 },
    );
  });

  it('shows a tag character as its surrogate pair escapes', () => {
    expect(displayJson('a\u{e0041}\u009b')).toBe('"a\\udb40\\udc41\\u009b"');
  });
});
