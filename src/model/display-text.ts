/**
 * The one sanitiser for untrusted display text. Group names, tags, descriptions, prefix-list ids,
 * session names, user agents, source IPs, event ids and AWS error messages are written by whoever
 * can call the EC2 API or forge an event; every renderer (text, Markdown, email, Slack, replay,
 * logs) passes them through here, as `git` and `less` do with control characters.
 *
 * What never passes raw: C0 controls (CR, LF, TAB, ESC included), DEL, C1 controls (U+009B is a
 * one-byte CSI), the Unicode line and paragraph separators, bidi marks, embeddings, overrides and
 * isolates (Trojan Source), other invisible format characters (zero-width spaces and joiners, word
 * joiner, BOM, tag characters) and lone surrogates. Each is shown as a visible escape (`\n`, `\t`,
 * `\u001b`, `\u202e`, `\u{e0041}`) so an investigator sees what the attacker wrote, and a newline
 * can never start a line of output. Backslashes are kept as they are, so `\u001b` typed literally
 * reads the same: the JSON outputs hold the exact value.
 */

// U+061C arabic letter mark, U+200B–U+200F zero-width and direction marks, U+2028–U+202E line and
// paragraph separators and bidi embeddings/overrides, U+2060–U+206F word joiner, invisible
// operators, bidi isolates and deprecated format controls, U+FEFF BOM, U+E0000–U+E007F tag characters.
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff\u{e0000}-\u{e007f}]/gu;

// The same set outside C0 and lone surrogates, which JSON.stringify already escapes; astral tag
// characters are matched as their surrogate pairs because a JSON escape is one UTF-16 unit.
const UNSAFE_IN_JSON =
  /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]|\udb40[\udc00-\udc7f]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every control, bidi or invisible code point shown as an escape; safe on one line. */
export function displayText(text: string): string {
  return text.replace(UNSAFE, escapeCodePoint);
}

/** Lines of output, each made safe, joined by newlines: the only newlines are the renderer's own. */
export function displayLines(lines: readonly string[]): string {
  return lines.map(displayText).join('\n');
}

/**
 * JSON text for a terminal or a log: `JSON.stringify` leaves DEL, C1 controls and bidi characters
 * raw inside strings; they are escaped here as `\uXXXX`, which parses back to the same value.
 */
export function displayJson(
  value: unknown,
  replacer?: (key: string, value: unknown) => unknown,
  space?: number,
): string {
  return (JSON.stringify(value, replacer, space) ?? 'null').replace(UNSAFE_IN_JSON, escapeUnits);
}

// One `\uXXXX` per UTF-16 unit: the form JSON requires, a tag character being a surrogate pair.
function escapeUnits(units: string): string {
  let escaped = '';
  for (let index = 0; index < units.length; index += 1) escaped += `\\u${hex(units.charCodeAt(index))}`;
  return escaped;
}

function escapeCodePoint(character: string): string {
  const named = NAMED[character];
  if (named !== undefined) return named;
  const codePoint = character.codePointAt(0) ?? 0;
  return codePoint > 0xffff ? `\\u{${codePoint.toString(16)}}` : `\\u${hex(codePoint)}`;
}

function hex(unit: number): string {
  return unit.toString(16).padStart(4, '0');
}
