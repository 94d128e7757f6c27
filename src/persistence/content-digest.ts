/**
 * SQL for an event's content digest, exactly as event_store.content_digest is generated (migration
 * EventContentDigest): over `data` and `time` of a jsonb value — a stored envelope or the content an
 * ingest is about to send. jsonb's text form is canonical, so key order and spacing do not change it.
 */
export function contentDigestSql(jsonb: string): string {
  return `md5(coalesce((${jsonb} -> 'data')::text, '') || '|' || coalesce(${jsonb} ->> 'time', ''))`;
}
