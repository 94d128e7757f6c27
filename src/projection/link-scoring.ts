import { scoreCandidate } from '../domain/person-matching';
import { type ScoredLink } from '../domain/projection-state';
import { type ProjectionRepository } from '../persistence/repositories/projection.repository';

/**
 * Scores each sighted person against everyone its linkage blocks bring together (docs/person-linkage.md,
 * "Scoring new sightings") and keeps the pairs that score LINKED or CANDIDATE: the review queue reads
 * them, so a candidate waits for a reviewer from the moment the second record arrives, however old
 * the other is. Each pair is scored in one orientation (lower id first), so the row is the same
 * whichever of the two was sighted last, live or in a rebuild.
 */
export async function scoreSightings(
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
