/*
 * The port through which the ingest door asks what the event store already holds, to answer re-sends as
 * duplicates and refuse version conflicts before anything is published. Implemented in persistence
 * (recorded-events.ts); declared here, below both, so neither imports the other.
 */

/**
 * Which of these events are already in the event store (projected), and which of those were recorded
 * with different content (`data` or `time`) under the same id — the same record version sent twice with
 * different content, which is refused rather than silently ignored.
 */
export type RecordedEventLookup = (
  events: readonly {
    id: string;
    source: string;
    type: string;
    subject: string;
    content: EventContent;
    /** The source's own key for the record and its version, when the format names one (EventDraft.recordKey). */
    recordKey?: { key: string; version: string | null };
  }[],
) => Promise<{
  recorded: ReadonlySet<string>;
  conflicting: ReadonlySet<string>;
  /** Ids not recorded, whose connector, type, subject and content are recorded under another id. */
  sameContent?: ReadonlySet<string>;
  /**
   * Ids not recorded whose connector, type, subject, record key and version are recorded under another id
   * with other content, each with the source record id (message id) that carried the one held.
   */
  sameVersionOtherContent?: ReadonlyMap<string, string>;
}>;

/** What must be identical for a re-sent event to be the same event. */
export interface EventContent {
  data: unknown;
  time: string | null;
}
