import { type DataSource } from 'typeorm';
import { type RecordedEventLookup } from '../../messaging/recorded-events.port';
import { contentDigestSql } from '../content-digest';

/**
 * Which events the projector has already recorded (one indexed query per batch on event_store's primary
 * key); for the others, whether the same content is recorded under another id (one indexed query on the
 * content digest) or the same source record key and version (one query, for formats that name one); and,
 * for the recorded ones, whether they were recorded with different content: a
 * third query, paid only when a batch holds re-sent records.
 */
export function recordedEventLookup(dataSource: DataSource): RecordedEventLookup {
  return async (events) => {
    const rows: { event_id: string }[] = await dataSource.query(
      'SELECT event_id FROM event_store WHERE event_id = ANY($1::uuid[])',
      [events.map((e) => e.id)],
    );
    const recorded = new Set(rows.map((r) => r.event_id));
    // Only events with a source time are matched by content (two untimed identical reports may be two
    // occurrences).
    const fresh = events.filter((e) => !recorded.has(e.id) && e.content.time !== null);
    const sameContent = new Set<string>();
    if (fresh.length > 0) {
      const held: { id: string }[] = await dataSource.query(
        `SELECT sent.id::text AS id
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])
                AS sent(id, source, type, subject, content)
          WHERE EXISTS (
            SELECT 1 FROM event_store s
             WHERE s.source = sent.source AND s.type = sent.type AND s.subject = sent.subject
               AND s.content_digest = ${contentDigestSql('sent.content')})`,
        [
          fresh.map((e) => e.id),
          fresh.map((e) => e.source),
          fresh.map((e) => e.type),
          fresh.map((e) => e.subject),
          fresh.map((e) => JSON.stringify(e.content)),
        ],
      );
      for (const row of held) sameContent.add(row.id);
    }
    // The same record by the source's own key and version (EventDraft.recordKey) under another id: the
    // same content is this event re-sent; other content is a conflict, named by the message that carried it.
    const keyed = events.filter((e) => !recorded.has(e.id) && e.recordKey !== undefined);
    const sameVersionOtherContent = new Map<string, string>();
    if (keyed.length > 0) {
      const held: { id: string; same: boolean; carried_by: string }[] = await dataSource.query(
        `SELECT DISTINCT ON (sent.id) sent.id::text AS id,
                s.content_digest = ${contentDigestSql('sent.content')} AS same,
                coalesce(s.source_record_id, s.event_id::text) AS carried_by
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[])
                AS sent(id, source, type, subject, content, record_key, version)
           JOIN event_store s
             ON s.source = sent.source AND s.type = sent.type AND s.subject = sent.subject
            AND s.event_id <> sent.id
            AND s.envelope::jsonb ->> 'sourcerecordkey' = sent.record_key
            AND s.source_version IS NOT DISTINCT FROM sent.version
          ORDER BY sent.id, same DESC`,
        [
          keyed.map((e) => e.id),
          keyed.map((e) => e.source),
          keyed.map((e) => e.type),
          keyed.map((e) => e.subject),
          keyed.map((e) => JSON.stringify(e.content)),
          keyed.map((e) => e.recordKey!.key),
          keyed.map((e) => e.recordKey!.version),
        ],
      );
      for (const row of held) {
        if (row.same) sameContent.add(row.id);
        else sameVersionOtherContent.set(row.id, row.carried_by);
      }
    }
    if (recorded.size === 0)
      return { recorded, conflicting: new Set(), sameContent, sameVersionOtherContent };
    const resent = events.filter((e) => recorded.has(e.id));
    const differing: { event_id: string }[] = await dataSource.query(
      `SELECT s.event_id
         FROM event_store s
         JOIN unnest($1::uuid[], $2::jsonb[]) AS sent(id, content) ON s.event_id = sent.id
        WHERE jsonb_build_object('data', s.envelope::jsonb -> 'data', 'time', s.envelope::jsonb -> 'time')
              IS DISTINCT FROM sent.content`,
      [resent.map((e) => e.id), resent.map((e) => JSON.stringify(e.content))],
    );
    return {
      recorded,
      conflicting: new Set(differing.map((r) => r.event_id)),
      sameContent,
      sameVersionOtherContent,
    };
  };
}
