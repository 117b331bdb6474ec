import { displayText } from '../model/display-text';

/**
 * Slack mrkdwn treats `<…>` as a link, mention or `<!channel>` broadcast and `&` as an entity, so
 * user-controlled text (rule descriptions, tags, session names) is escaped before it is sent.
 * https://api.slack.com/reference/surfaces/formatting#escaping
 */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text made inert for mrkdwn: controls and bidi characters shown as escapes by the one sanitiser
 * (so a newline cannot start a line), then `<!channel>` arrives as `&lt;!channel&gt;` and shows literally.
 */
export function escapeMrkdwn(text: string): string {
  return displayText(text).replace(/[&<>]/g, (character) => ENTITIES[character] ?? character);
}

/** Escaped and wrapped in backticks, with backticks inside removed so the code span cannot end early. */
export function codeSpan(text: string): string {
  return `\`${escapeMrkdwn(text.replace(/`/g, "'"))}\``;
}
