/** A message for the alert topic: one text for people, one JSON for machines. */
export interface OutgoingAlert {
  subject: string;
  text: string;
  json: unknown;
  attributes: Record<string, string>;
}
