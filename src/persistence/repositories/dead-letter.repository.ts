import { type DataSource } from 'typeorm';
import { type Page, type PageRequest } from '../../domain/page';
import { decodeCursor, keysetAfter, keysetPage, sortKeyColumn } from '../keyset';
import { type DeadLetterRecord, type RecordProblem } from '../../messaging/dead-letter-message';

/** A dead letter as stored: the record the projector wrote, plus what re-driving it did. */
export interface StoredDeadLetter extends Omit<DeadLetterRecord, 'receivedAt' | 'problems'> {
  problems: RecordProblem[];
  receivedAt: Date;
  redrivenAt: Date | null;
  redrivenBy: string | null;
  redriveOutcome: string | null;
}

export interface DeadLetterFilter {
  connector?: string;
  reasonCode?: string;
  includeRedriven?: boolean;
  limit?: number;
}

export type RedriveOutcome =
  { outcome: 'ACCEPTED'; eventIds: string[] } | { outcome: 'REJECTED_AGAIN'; newDeadLetterId: string };

interface Row {
  dead_letter_id: string;
  connector: string;
  reason_code: string;
  message: string;
  problems: RecordProblem[];
  content_type: string | null;
  original_bytes: Buffer;
  truncated: boolean;
  received_at: Date;
  redriven_at: Date | null;
  redriven_by: string | null;
  redrive_outcome: string | null;
}

const COLUMNS = `dead_letter_id, connector, reason_code, message, problems, content_type, original_bytes, truncated,
  received_at, redriven_at, redriven_by, redrive_outcome`;

export class DeadLetterRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: DeadLetterFilter): Promise<StoredDeadLetter[]> {
    const page = await this.page(filter, { first: filter.limit ?? 50, after: null });
    return page.items.map((i) => i.node);
  }

  /** Newest first; a page after the cursor of the last dead letter already seen. */
  async page(filter: DeadLetterFilter, page: PageRequest): Promise<Page<StoredDeadLetter>> {
    const keys = ['received_at', 'dead_letter_id'];
    return keysetPage<Row & { sort_key: string[] }, StoredDeadLetter>(
      this.dataSource,
      `SELECT ${COLUMNS}, ${sortKeyColumn(keys)} FROM dead_letter
       WHERE ($1::text IS NULL OR connector = $1) AND ($2::text IS NULL OR reason_code = $2)
         AND ($3::boolean OR redriven_at IS NULL)
         AND ${keysetAfter(keys, ['timestamptz', 'uuid'], 4, 'DESC')}
       ORDER BY received_at DESC, dead_letter_id DESC LIMIT $5`,
      [
        filter.connector ?? null,
        filter.reasonCode ?? null,
        filter.includeRedriven ?? false,
        decodeCursor(page.after, keys.length),
      ],
      page,
      toDeadLetter,
    );
  }

  async get(deadLetterId: string): Promise<StoredDeadLetter | null> {
    const rows = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS} FROM dead_letter WHERE dead_letter_id = $1`,
      [deadLetterId],
    );
    return rows[0] ? toDeadLetter(rows[0]) : null;
  }

  /** Claims a dead letter for re-drive; false when it is already re-driven or being re-driven. */
  async claim(deadLetterId: string, by: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ dead_letter_id: string }[]>(
      `WITH claimed AS (
         UPDATE dead_letter SET redriven_at = now(), redriven_by = $2, redrive_outcome = 'IN_PROGRESS'
         WHERE dead_letter_id = $1 AND redriven_at IS NULL RETURNING dead_letter_id)
       SELECT dead_letter_id FROM claimed`,
      [deadLetterId, by],
    );
    return rows.length === 1;
  }

  /** Gives a claim back when the re-drive could not reach the event log (nothing happened). */
  async release(deadLetterId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE dead_letter SET redriven_at = NULL, redriven_by = NULL, redrive_outcome = NULL
       WHERE dead_letter_id = $1 AND redrive_outcome = 'IN_PROGRESS'`,
      [deadLetterId],
    );
  }

  async complete(deadLetterId: string, result: RedriveOutcome): Promise<void> {
    await this.dataSource.query(
      `UPDATE dead_letter SET redrive_outcome = $2, redrive_event_ids = $3::uuid[], redrive_dead_letter_id = $4
       WHERE dead_letter_id = $1`,
      [
        deadLetterId,
        result.outcome,
        result.outcome === 'ACCEPTED' ? result.eventIds : null,
        result.outcome === 'REJECTED_AGAIN' ? result.newDeadLetterId : null,
      ],
    );
  }
}

function toDeadLetter(row: Row): StoredDeadLetter {
  return {
    deadLetterId: row.dead_letter_id,
    connector: row.connector,
    reasonCode: row.reason_code,
    message: row.message,
    problems: row.problems,
    contentType: row.content_type,
    originalBytes: row.original_bytes,
    truncated: row.truncated,
    receivedAt: row.received_at,
    redrivenAt: row.redriven_at,
    redrivenBy: row.redriven_by,
    redriveOutcome: row.redrive_outcome,
  };
}
