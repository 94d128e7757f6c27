import { type SqlRunner } from '../job-queue';
import { lockStreams } from './stream-locks';

/** An open clock as the timers see it: a deadline not met, or a granted order's end while it lasts. */
export interface ClockRow {
  clockId: string;
  ruleId: string;
  description: string;
  citation: string | null;
  dueOn: string | null;
  dueAt: string | null;
  streamKey: string;
  policeArea: string | null;
  subjectRef: string;
  /** The event that started the clock (an order's: its grant). */
  startedBy: string;
}

/** One transition the hub raised, with the alert it raised (clock_transition). */
export interface TransitionRecord {
  clockId: string;
  transition: string;
  dueInstant: string;
  ruleId: string;
  streamKey: string;
  alertId: string;
  kind: string;
  message: string;
  citation: string | null;
  policeArea: string | null;
  subjectRef: string;
  raisedBy: string;
}

interface ClockSqlRow {
  clock_id: string;
  rule_id: string;
  description: string;
  citation: string | null;
  due_on: string | null;
  due_at: Date | null;
  stream_key: string;
  police_area: string | null;
  subject_ref: string;
  started_by: string;
}

/**
 * Open clocks, from where they live: the deadline table, and an order's own expires_at (an order's end is
 * never copied into the deadline table — see case-read.repository.ts's ORDER_EXPIRY_COLUMNS).
 */
const OPEN_CLOCKS = `
  SELECT deadline_id AS clock_id, rule_id, description, citation, to_char(due_on, 'YYYY-MM-DD') AS due_on,
         due_at, stream_key, police_area, subject_ref, started_by::text
  FROM deadline WHERE met_by IS NULL
  UNION ALL
  SELECT order_id, 'ORDER_EXPIRY', 'Order ' || order_ref || ' ends: it is no longer enforceable after this time',
         'the order as made, varied or extended', NULL, expires_at, 'order:' || order_ref, police_area,
         order_ref, granted_event_id::text
  FROM protective_order WHERE granted AND ended IS NULL AND expires_at IS NOT NULL
    AND granted_event_id IS NOT NULL`;

/** SQL of the clock timers (src/projection/clock-worker.ts). */
export class ClockRepository {
  constructor(private readonly db: SqlRunner) {}

  async openClocks(clockIds: readonly string[]): Promise<Map<string, ClockRow>> {
    if (clockIds.length === 0) return new Map();
    const rows = await this.db.query<ClockSqlRow[]>(
      `SELECT * FROM (${OPEN_CLOCKS}) c WHERE clock_id = ANY($1::uuid[])`,
      [[...new Set(clockIds)]],
    );
    return new Map(rows.map((r) => [String(r.clock_id), toClock(r)]));
  }

  /** Open clocks in id order after `after` (a sweep's page), of one force when `policeArea` is given. */
  async openClocksAfter(
    after: string | null,
    limit: number,
    policeArea: string | null = null,
  ): Promise<ClockRow[]> {
    const rows = await this.db.query<ClockSqlRow[]>(
      `SELECT * FROM (${OPEN_CLOCKS}) c
       WHERE ($1::uuid IS NULL OR clock_id > $1::uuid) AND ($3::text IS NULL OR police_area = $3::text)
       ORDER BY clock_id LIMIT $2`,
      [after, limit, policeArea],
    );
    return rows.map(toClock);
  }

  /** Forces' own DUE_SOON lead times (force_setting), by area; areas without any are absent. */
  forceLeads(policeAreas: readonly (string | null)[]): Promise<Map<string, Record<string, number>>> {
    return forceLeadsOf(this.db, policeAreas);
  }

  /** Serialises with the projector's fold of the same streams (the projector's stream locks). */
  lockStreams(streamKeys: readonly string[]): Promise<void> {
    return lockStreams(this.db, streamKeys);
  }

  /**
   * Records a transition and its alert; false when it was recorded already (a retried job, another
   * replica) — then nothing else may be done for it.
   */
  async recordTransition(t: TransitionRecord): Promise<boolean> {
    const inserted = await this.db.query<{ alert_id: string }[]>(
      `WITH recorded AS (
         INSERT INTO clock_transition (clock_id, transition, due_instant, rule_id, stream_key, alert_id, kind,
                                       message, citation, police_area, subject_ref, raised_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT DO NOTHING RETURNING alert_id
       ), alerted AS (
         INSERT INTO alert (alert_id, stream_key, kind, message, citation, police_area, subject_ref, raised_by,
                            raised_at)
         SELECT $6, $5, $7, $8, $9, $10, $11, $12, $3 FROM recorded
         ON CONFLICT (alert_id) DO NOTHING
       )
       SELECT alert_id::text FROM recorded`,
      [
        t.clockId,
        t.transition,
        t.dueInstant,
        t.ruleId,
        t.streamKey,
        t.alertId,
        t.kind,
        t.message,
        t.citation,
        t.policeArea,
        t.subjectRef,
        t.raisedBy,
      ],
    );
    return inserted.length > 0;
  }
}

function toClock(r: ClockSqlRow): ClockRow {
  return {
    clockId: String(r.clock_id),
    ruleId: r.rule_id,
    description: r.description,
    citation: r.citation,
    dueOn: r.due_on,
    dueAt: r.due_at ? new Date(r.due_at).toISOString() : null,
    streamKey: r.stream_key,
    policeArea: r.police_area,
    subjectRef: r.subject_ref,
    startedBy: r.started_by,
  };
}

/** Forces' own DUE_SOON lead times, by area (one statement). */
export async function forceLeadsOf(
  db: SqlRunner,
  policeAreas: readonly (string | null)[],
): Promise<Map<string, Record<string, number>>> {
  const areas = [...new Set(policeAreas.filter((a): a is string => !!a))];
  if (areas.length === 0) return new Map();
  const rows = await db.query<{ police_area: string; due_soon_leads: Record<string, number> }[]>(
    `SELECT police_area, due_soon_leads FROM force_setting
     WHERE police_area = ANY($1::text[]) AND due_soon_leads <> '{}'::jsonb`,
    [areas],
  );
  return new Map(rows.map((r) => [r.police_area, r.due_soon_leads]));
}
