import { type DataSource } from 'typeorm';
import { type LinkDecisionRecord } from '../../domain/person-link-records';

interface DecisionRow {
  decision_id: string;
  person_a: string;
  person_b: string;
  decision: LinkDecisionRecord['decision'];
  reason: string;
  decided_by: string;
  police_area: string;
  decided_at: Date;
}

const COLUMNS = `decision_id::text, person_a::text, person_b::text, decision, reason, decided_by, police_area, decided_at`;

/**
 * The one definition of "the decision that stands": the latest for each pair with `personMatch` true
 * (a WHERE condition on person_a / person_b), as a subquery other statements embed.
 */
export function standingDecisionsSql(personMatch: string): string {
  return `SELECT DISTINCT ON (person_a, person_b) ${COLUMNS} FROM person_link_decision
          WHERE ${personMatch} ORDER BY person_a, person_b, decided_at DESC, decision_id DESC`;
}

/** The reviewers' decision log (table person_link_decision): appended to, never updated. */
export class PersonLinkRepository {
  constructor(private readonly dataSource: DataSource) {}

  async recordDecision(d: Omit<LinkDecisionRecord, 'decidedAt'>): Promise<LinkDecisionRecord> {
    const rows = await this.dataSource.query<DecisionRow[]>(
      `INSERT INTO person_link_decision (decision_id, person_a, person_b, decision, reason, decided_by, police_area)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [d.decisionId, d.personA, d.personB, d.decision, d.reason, d.decidedBy, d.policeArea],
    );
    return toDecision(rows[0]!);
  }

  /** The decision that stands (the latest) for every pair with one of these people in it. */
  async standingDecisions(personIds: readonly string[]): Promise<LinkDecisionRecord[]> {
    if (personIds.length === 0) return [];
    const rows = await this.dataSource.query<DecisionRow[]>(
      standingDecisionsSql('person_a = ANY($1::uuid[]) OR person_b = ANY($1::uuid[])'),
      [[...new Set(personIds)]],
    );
    return rows.map(toDecision);
  }
}

function toDecision(r: DecisionRow): LinkDecisionRecord {
  return {
    decisionId: r.decision_id,
    personA: r.person_a,
    personB: r.person_b,
    decision: r.decision,
    reason: r.reason,
    decidedBy: r.decided_by,
    policeArea: r.police_area,
    decidedAt: r.decided_at,
  };
}

/** A decision row as json_agg writes it (its time an ISO string). */
export type DecisionJson = Omit<DecisionRow, 'decided_at'> & { decided_at: string };

export function decisionFromJson(r: DecisionJson): LinkDecisionRecord {
  return toDecision({ ...r, decided_at: new Date(r.decided_at) });
}
