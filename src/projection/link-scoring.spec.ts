import { type MatchablePerson } from '../domain/person-matching';
import { type ScoredLink } from '../domain/projection-state';
import { scoreLinks, scorePendingLinks } from './link-scoring';

const person = (personId: string, givenName: string, familyName: string, dateOfBirth: string | null) =>
  ({ personId, givenName, familyName, dateOfBirth, pncId: null, croNumber: null }) satisfies MatchablePerson;

/** The projection repository as the link scorer uses it: its queue, the blocks, the rows it is given. */
function fakeRepository(
  blocks: { anchor: MatchablePerson; other: MatchablePerson }[],
  queued: string[] = [],
) {
  const written: { personIds: readonly string[]; links: readonly ScoredLink[] }[] = [];
  return {
    written,
    queued,
    claimPendingLinks: (limit: number) => Promise.resolve(queued.splice(0, limit)),
    linkageBlocks: (personIds: readonly string[]) =>
      Promise.resolve(blocks.filter((b) => personIds.includes(b.anchor.personId))),
    replaceLinkCandidates: (personIds: readonly string[], links: readonly ScoredLink[]) => {
      written.push({ personIds, links });
      return Promise.resolve();
    },
  };
}

describe('the link scorer', () => {
  const own = person('a0000000-0000-4000-8000-000000000001', 'Ian', 'McDonald', '1984-03-11');
  const variant = person('b0000000-0000-4000-8000-000000000002', 'Ian', 'MacDonald', '1984-03-11');
  const nameOnly = person('c0000000-0000-4000-8000-000000000003', 'Ian', 'McDonald', null);
  const stranger = person('d0000000-0000-4000-8000-000000000004', 'Priya', 'Shah', '1984-03-11');

  it('should keep linked and candidate pairs, with their weight and parameters, and drop the rest', async () => {
    const repo = fakeRepository([
      { anchor: own, other: variant },
      { anchor: own, other: nameOnly },
      { anchor: own, other: stranger },
    ]);
    await scoreLinks(repo, [own.personId]);
    const [write] = repo.written;
    expect(write!.personIds).toEqual([own.personId]);
    const byOther = new Map(write!.links.map((l) => [l.personB, l]));
    expect(byOther.get(variant.personId)).toEqual(
      expect.objectContaining({ personA: own.personId, verdict: 'LINKED', parametersVersion: 'fs-v2' }),
    );
    // No date of birth and no identifier: never linked, whatever the name.
    expect(byOther.get(nameOnly.personId)?.verdict).toBe('CANDIDATE');
    expect(byOther.has(stranger.personId)).toBe(false);
    for (const link of write!.links) {
      expect(link.matchProbability).toBeGreaterThan(0);
      expect(link.matchProbability).toBeLessThanOrEqual(1);
    }
  });

  it('should write the same row whichever of the two was sighted last', async () => {
    const first = fakeRepository([{ anchor: own, other: nameOnly }]);
    await scoreLinks(first, [own.personId]);
    const second = fakeRepository([{ anchor: nameOnly, other: own }]);
    await scoreLinks(second, [nameOnly.personId]);
    expect(second.written[0]!.links).toEqual(first.written[0]!.links);
    expect(first.written[0]!.links[0]).toEqual(
      expect.objectContaining({ personA: own.personId, personB: nameOnly.personId }),
    );
  });

  it('should still replace what was scored before when a person now pairs with no one', async () => {
    const repo = fakeRepository([]);
    await scoreLinks(repo, [own.personId]);
    expect(repo.written).toEqual([{ personIds: [own.personId], links: [] }]);
  });

  it('should take queued people a chunk at a time and score each chunk, until the queue is empty', async () => {
    const repo = fakeRepository(
      [{ anchor: own, other: variant }],
      [own.personId, nameOnly.personId, stranger.personId],
    );
    expect(await scorePendingLinks(repo, 2)).toBe(2);
    expect(await scorePendingLinks(repo, 2)).toBe(1);
    expect(await scorePendingLinks(repo, 2)).toBe(0);
    expect(repo.written.map((w) => w.personIds)).toEqual([
      [own.personId, nameOnly.personId],
      [stranger.personId],
    ]);
    expect(repo.written[0]!.links).toHaveLength(1);
  });
});
