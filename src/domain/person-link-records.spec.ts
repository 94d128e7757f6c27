import { applyLinkDecisions, decisionBetween, type LinkDecisionRecord } from './person-link-records';

const decision = (a: string, b: string, verdict: LinkDecisionRecord['decision']): LinkDecisionRecord => {
  const [personA, personB] = [a, b].sort() as [string, string];
  return {
    decisionId: `${a}-${b}`,
    personA,
    personB,
    decision: verdict,
    reason: 'checked',
    decidedBy: 'sgt',
    policeArea: 'WYP',
    decidedAt: new Date(0),
  };
};

interface Hit {
  id: string;
  confident: boolean;
}
const hits = (...list: [string, boolean][]): Hit[] => list.map(([id, confident]) => ({ id, confident }));
const apply = (ranked: Hit[], decisions: LinkDecisionRecord[], partners: string[] = []) =>
  applyLinkDecisions(
    ranked,
    (h) => h.id,
    (h) => h.confident,
    decisions,
    new Set(partners),
  ).map((r) => [r.item.id, r.mergedPersonIds]);

describe('reviewers’ decisions applied to a ranked search', () => {
  it('should find a pair’s decision whichever way round it is asked', () => {
    const d = decision('b', 'a', 'SAME_PERSON');
    expect(decisionBetween([d], 'a', 'b')).toBe(d);
    expect(decisionBetween([d], 'b', 'a')).toBe(d);
    expect(decisionBetween([d], 'a', 'c')).toBeNull();
  });

  it('should merge a confirmed record into the one ranked above it, transitively', () => {
    const ranked = hits(['p1', true], ['p2', false], ['p3', false], ['p4', false]);
    const decisions = [decision('p1', 'p2', 'SAME_PERSON'), decision('p2', 'p3', 'SAME_PERSON')];
    expect(apply(ranked, decisions)).toEqual([
      ['p1', ['p2', 'p3']],
      ['p4', []],
    ]);
  });

  it('should drop a record rejected beside a confident match, and keep one rejected beside a candidate', () => {
    expect(apply(hits(['p1', true], ['p2', false]), [decision('p1', 'p2', 'DIFFERENT_PEOPLE')])).toEqual([
      ['p1', []],
    ]);
    expect(apply(hits(['p1', false], ['p2', false]), [decision('p1', 'p2', 'DIFFERENT_PEOPLE')])).toEqual([
      ['p1', []],
      ['p2', []],
    ]);
  });

  it('should leave an undecided pair to its score', () => {
    expect(apply(hits(['p1', true], ['p2', false]), [decision('p1', 'p2', 'UNDECIDED')])).toEqual([
      ['p1', []],
      ['p2', []],
    ]);
  });

  it('should merge a confirmed partner no block found only when the caller may see it', () => {
    const decisions = [decision('p1', 'x9', 'SAME_PERSON')];
    expect(apply(hits(['p1', true]), decisions, ['x9'])).toEqual([['p1', ['x9']]]);
    expect(apply(hits(['p1', true]), decisions, [])).toEqual([['p1', []]]);
  });
});
