/** Amazon SNS Publish limits (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). */
import { displayText } from '../model/display-text';

/**
 * The whole `Message`, in UTF-8 bytes: with `MessageStructure: 'json'` that is the JSON object
 * holding every protocol's copy (default, email, sqs, lambda, https), not one copy.
 */
export const SNS_MAX_MESSAGE_BYTES = 262_144;

/** A subject must be "less than 100 characters": at most 99. */
export const SNS_MAX_SUBJECT_CHARS = 99;

// Subjects must be ASCII, so a cut subject ends in three dots rather than "…".
const SUBJECT_CUT_MARKER = '...';
const ELLIPSIS = '…';
const FALLBACK_SUBJECT = 'sgdrift alert';

/** `text` cut to at most `maxChars` UTF-16 units, ending in "…" when cut; never splits a surrogate pair. */
export function cutText(text: string, maxChars: number): string {
  return cutWith(text, maxChars, ELLIPSIS);
}

/**
 * A valid SNS subject: controls shown as escapes by the one sanitiser (so no line breaks), then
 * printable ASCII only (other characters become `?`), starting with a letter, digit or punctuation
 * (leading spaces dropped), fewer than 100 characters.
 */
export function safeSubject(text: string): string {
  const printable = displayText(text)
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/ {2,}/g, ' ')
    .trim();
  return cutWith(printable === '' ? FALLBACK_SUBJECT : printable, SNS_MAX_SUBJECT_CHARS, SUBJECT_CUT_MARKER);
}

function cutWith(text: string, maxChars: number, marker: string): string {
  if (text.length <= maxChars) return text;
  if (maxChars <= marker.length) return marker.slice(0, Math.max(0, maxChars));
  let end = maxChars - marker.length;
  // A high surrogate at the cut would leave half a character, which is not valid UTF-8.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}${marker}`;
}
