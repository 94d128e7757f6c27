import {
  canonicalProblems,
  type EventDraft,
  findEventDefinition,
  type NormalizeResult,
  parseJson,
  type Problem,
  reject,
} from '../contract';

export const SHIELDLINE_EVENTS_CONNECTOR_ID = 'shieldline-events';

const ENVELOPE_FIELDS = ['recordId', 'recordVersion', 'type', 'occurredAt', 'data'] as const;

/**
 * Pure: a record already in Shieldline's canonical catalogue → one draft, or a rejection naming every
 * problem. For systems that publish the catalogue directly (and for exercising every event type end to
 * end). The record:
 *
 *   { "recordId": "...", "recordVersion": "1", "type": "uk.shieldline.police.bail.granted.v1",
 *     "occurredAt": "2026-11-20T10:00:00Z" | null, "data": { ...schema/events/<type>.json... } }
 */
export function normalizeShieldlineEvent(bytes: Buffer): NormalizeResult {
  const parsed = parseJson(bytes);
  if (!parsed.ok) return reject(parsed.reason, [parsed.problem]);
  const record = parsed.value;
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return reject('SCHEMA_INVALID', [{ path: '', message: 'must be a JSON object' }]);
  }
  const fields = record as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const key of Object.keys(fields)) {
    if (!(ENVELOPE_FIELDS as readonly string[]).includes(key))
      problems.push({ path: `/${key}`, message: 'is not a known field' });
  }
  for (const key of ['recordId', 'recordVersion', 'type'] as const) {
    if (typeof fields[key] !== 'string' || fields[key] === '')
      problems.push({ path: `/${key}`, message: 'is required and must be a non-empty string' });
  }
  const occurredAt = fields.occurredAt;
  let impossibleDate = false;
  if (occurredAt !== null && typeof occurredAt !== 'string') {
    problems.push({ path: '/occurredAt', message: 'is required: an RFC 3339 time, or null when unknown' });
  } else if (typeof occurredAt === 'string' && !isRealInstant(occurredAt)) {
    impossibleDate = true;
    problems.push({
      path: '/occurredAt',
      message: 'is not a real date-time (expected e.g. 2026-11-22T10:15:00Z)',
    });
  }
  const type = typeof fields.type === 'string' ? fields.type : '';
  const definition = findEventDefinition(type);
  if (type !== '' && !definition) {
    return reject('UNKNOWN_CODE', [{ path: '/type', message: `unknown event type ${JSON.stringify(type)}` }]);
  }
  const dataProblems = definition ? canonicalProblems(type, fields.data, '/data') : [];
  problems.push(...dataProblems);
  if (problems.length > 0) {
    const onlyDates =
      problems.every((p) => p.message.startsWith('is not a real')) &&
      (impossibleDate || dataProblems.length > 0);
    return reject(onlyDates ? 'IMPOSSIBLE_DATE' : 'SCHEMA_INVALID', problems);
  }
  const data = fields.data as Record<string, unknown>;
  const draft: EventDraft = {
    type,
    subject: String(data[definition!.subjectField]),
    occurredAt: (occurredAt as string | null) ?? null,
    sourceRecordId: fields.recordId as string,
    sourceRecordVersion: fields.recordVersion as string,
    data,
  };
  return { ok: true, drafts: [draft] };
}

/** RFC 3339 with a calendar date that exists (2026-02-30 is refused, not rolled over to March). */
function isRealInstant(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) return false;
  const day = value.slice(0, 10);
  const midnight = new Date(`${day}T00:00:00Z`);
  return (
    !Number.isNaN(midnight.getTime()) &&
    midnight.toISOString().slice(0, 10) === day &&
    !Number.isNaN(Date.parse(value))
  );
}
