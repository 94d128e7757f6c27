import { ShieldlineError } from '../common/errors';
import { type LinkDecisionRecord } from '../domain/person-link-records';
import { type PersonLinkPort } from '../domain/person-link.service';
import { type DecisionRecord, personLinkDecisionsConnector } from './hub-connectors';
import { type IngestService } from './ingest.service';

/** How long a decision waits for the projector before the mutation answers anyway (it is durable). */
const PROJECTED_WITHIN_MS = 10_000;
const POLL_MS = 20;

/**
 * The reviewers' decisions as events on the police topic (uk.shieldline.police.person.link.decided.v1).
 * A decision is answered once it is projected, so the reviewer's next search shows it; the projector may
 * run in another process, so the table is the signal. If it is not projected in time the decision is
 * still durable in the log and is answered as made.
 */
export class PersonLinkDecisionLog implements PersonLinkPort {
  constructor(
    private readonly ingest: Pick<IngestService, 'ingest'>,
    private readonly decisions: { decisionById(id: string): Promise<LinkDecisionRecord | null> },
    private readonly options: { now?: () => Date; projectedWithinMs?: number } = {},
  ) {}

  async recordDecision(decision: Omit<LinkDecisionRecord, 'decidedAt'>): Promise<LinkDecisionRecord> {
    const decidedAt = (this.options.now ?? (() => new Date()))();
    const record: DecisionRecord = { ...decision, decidedAt: decidedAt.toISOString() };
    const outcome = await this.ingest.ingest(personLinkDecisionsConnector, {
      bytes: Buffer.from(JSON.stringify(record)),
      contentType: 'application/json',
    });
    if (outcome.status !== 'ACCEPTED') {
      throw new ShieldlineError(
        'INGEST_REFUSED',
        `the hub's own decision was refused (${outcome.reason}): ${outcome.problems.map((p) => p.message).join('; ')}`,
      );
    }
    const deadline = Date.now() + (this.options.projectedWithinMs ?? PROJECTED_WITHIN_MS);
    for (;;) {
      const projected = await this.decisions.decisionById(decision.decisionId);
      if (projected) return projected;
      if (Date.now() >= deadline) return { ...decision, decidedAt };
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
