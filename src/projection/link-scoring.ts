import { type DataSource } from 'typeorm';
import { type Logger } from '../common/logger';
import { errorMessage } from '../common/errors';
import { scoreCandidate } from '../domain/person-matching';
import { type ScoredLink } from '../domain/projection-state';
import { ProjectionRepository } from '../persistence/repositories/projection.repository';

/** How many queued people one scoring transaction takes. */
const SCORING_CHUNK = 500;
/** How often an idle scorer looks at the queue when nothing has woken it (another replica's batches). */
const IDLE_POLL_MS = 1000;

/**
 * Scores each person against everyone its linkage blocks bring together (docs/person-linkage.md,
 * "Scoring new sightings") and keeps the pairs that score LINKED or CANDIDATE: the review queue reads
 * them, so a candidate waits for a reviewer from the moment the second record arrives, however old the
 * other is. Each pair is scored in one orientation (lower id first), so the row is the same whichever
 * of the two was sighted last, live or in a rebuild.
 */
export async function scoreLinks(
  repo: Pick<ProjectionRepository, 'linkageBlocks' | 'replaceLinkCandidates'>,
  personIds: readonly string[],
): Promise<void> {
  if (personIds.length === 0) return;
  const pairs = await repo.linkageBlocks(personIds);
  const links: ScoredLink[] = [];
  for (const { anchor, other } of pairs) {
    const [a, b] = anchor.personId < other.personId ? [anchor, other] : [other, anchor];
    const score = scoreCandidate(a, b);
    if (!score) continue;
    links.push({
      personA: a.personId,
      personB: b.personId,
      verdict: score.confident ? 'LINKED' : 'CANDIDATE',
      matchWeight: score.matchWeight,
      matchProbability: score.confidence,
      parametersVersion: score.parametersVersion,
    });
  }
  await repo.replaceLinkCandidates(personIds, links);
}

/**
 * Takes one chunk of queued people off person_link_pending and scores them, in the caller's transaction.
 * Returns how many it took (0: the queue is empty, or held by other scorers).
 */
export async function scorePendingLinks(
  repo: Pick<ProjectionRepository, 'claimPendingLinks' | 'linkageBlocks' | 'replaceLinkCandidates'>,
  limit = SCORING_CHUNK,
): Promise<number> {
  const personIds = await repo.claimPendingLinks(limit);
  await scoreLinks(repo, personIds);
  return personIds.length;
}

/**
 * The link scorer: drains person_link_pending in transactions of its own, after the projector's batches
 * have committed the people, so scoring never holds a projector batch or its locks, and every person it
 * scores sees every other committed person (two scorers at once write the same rows for a pair). Woken
 * by the projector after each batch; otherwise looks once a second. A failed chunk is rolled back, so
 * its people stay queued and are scored on the next pass.
 */
export class LinkScorer {
  private running = false;
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = true;
    this.timer = setInterval(() => this.wake(), IDLE_POLL_MS);
    this.timer.unref();
    this.wake();
  }

  /** Something was queued: drain now (or again right after the pass under way). */
  wake(): void {
    if (!this.running) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.again && this.running) {
        this.again = false;
        this.wake();
      }
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (this.running) {
        const taken = await this.dataSource.transaction((db) =>
          scorePendingLinks(new ProjectionRepository(db)),
        );
        if (taken === 0) return;
      }
    } catch (err) {
      this.logger.warn('link scoring failed; the people stay queued and are scored on the next pass', {
        error: errorMessage(err),
      });
    }
  }
}
