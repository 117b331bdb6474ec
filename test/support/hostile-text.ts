/**
 * Strings an attacker can put in a group name, tag, description, session name or user agent, and
 * the checks that no renderer lets them through raw. The forbidden set is written out here on its
 * own, not imported from the sanitiser, so a gap in the sanitiser cannot hide itself.
 */
import fc from 'fast-check';

/** The line the issue forged in the CLI output and the daily digest email. */
export const FORGED_VERDICT = 'Overall Compliance: COMPLIANT';

/** A newline starting a forged verdict, an OSC title change, an SGR colour, a C1 CSI and bidi overrides. */
export const HOSTILE =
  `evil\n${FORGED_VERDICT}\r\n\u001b]0;pwned\u0007\u001b[31mred\u009b2J` +
  `\u202egpj.exe\u2066iso\u2069\u200f\u0085\u2028\u007f\tend`;

/**
 * Code points that must never reach output raw (a renderer's own newlines aside): controls, bidi
 * marks and overrides, and what hides text: zero-width characters (U+200B-U+200D), word joiner and
 * invisible operators (U+2060-U+2065), deprecated format controls (U+206A-U+206F), the BOM and the
 * tag characters.
 */
const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\u{e0000}-\u{e007f}]/u;
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** The forbidden code points in `output`, as `U+XXXX`, for a readable failure. */
export function rawUnsafe(output: string): string[] {
  const found = new Set<string>();
  for (const character of output) {
    if (FORBIDDEN.test(character) || LONE_SURROGATE.test(character)) {
      found.add(`U+${(character.codePointAt(0) ?? 0).toString(16).padStart(4, '0').toUpperCase()}`);
    }
  }
  return [...found];
}

/** Lines of `output` that start (after indentation and tree drawing) with the forged verdict. */
export function forgedVerdicts(output: string): string[] {
  return output.split('\n').filter((line) => line.replace(/^[\s│├└─]*/u, '').startsWith(FORGED_VERDICT));
}

const DANGEROUS = [
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u001b',
  '\u0007',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u061c',
  '\u200e',
  '\u200f',
  '\u2028',
  '\u2029',
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u200b',
  '\u200d',
  '\u2060',
  '\u206a',
  '\ufeff',
  '\u{e0041}',
  '\ud800',
  '\udfff',
  FORGED_VERDICT,
  '|',
  '`',
  '<!channel>',
  '&',
  '\\',
  '*',
];

/** Arbitrary strings biased towards the code points above: never empty, so every field shows. */
export const hostileString = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...DANGEROUS) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => `x${parts.join('')}`);

/** Property runs per renderer: enough to cover the dangerous set, few enough to stay fast. */
export const HOSTILE_RUNS = 40;
