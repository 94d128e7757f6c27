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

/**
 * The reviewers' decisions (table person_link_decision, projected from the personLinkDecided events by
 * ProjectionRepository.recordLinkDecisions): read here, never written.
 */
export class PersonLinkRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One decision by its id, once the projector has recorded it; null before. */
  async decisionById(decisionId: string): Promise<LinkDecisionRecord | null> {
    const rows = await this.dataSource.query<DecisionRow[]>(
      `SELECT ${COLUMNS} FROM person_link_decision WHERE decision_id = $1`,
      [decisionId],
    );
    return rows[0] ? toDecision(rows[0]) : null;
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
