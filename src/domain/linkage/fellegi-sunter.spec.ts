import { generateLinkageCorpus } from '../../demo/linkage-corpus';
import { evaluateLinkage, exactRuleDecision } from '../../demo/linkage-evaluation';
import { seededRandom } from '../../common/random';
import { addressKey, compareRecords, LEVELS, LINKAGE_FIELDS, type LinkageRecord } from './comparisons';
import { estimateParameters } from './em';
import { estimateFromPairs } from './estimate';
import { explainScore, levelWeight, priorWeight, scorePair } from './fellegi-sunter';
import { LINKAGE_PARAMETERS_V1, LINKAGE_PARAMETERS_V2, type LevelProbabilities } from './parameters';

const court = (over: Partial<LinkageRecord> = {}): LinkageRecord => ({
  givenName: 'Daniel',
  familyName: 'McDonald',
  dateOfBirth: '1988-09-03',
  pncId: null,
  croNumber: null,
  ...over,
});

describe('Fellegi–Sunter scoring', () => {
  it('should add the prior and each field’s log2(m/u)', () => {
    const score = scorePair(court(), court({ familyName: 'MacDonald' }));
    const fields = LINKAGE_PARAMETERS_V1.fields;
    const expected =
      priorWeight(LINKAGE_PARAMETERS_V1) +
      levelWeight(fields.SURNAME.VARIANT) +
      levelWeight(fields.FORENAMES.EXACT) +
      levelWeight(fields.DATE_OF_BIRTH.EXACT);
    expect(score.matchWeight).toBeCloseTo(expected, 10);
    expect(score.matchProbability).toBeCloseTo(1 / (1 + 2 ** -expected), 10);
    expect(score.contributions.find((c) => c.field === 'PNC_ID')).toEqual(
      expect.objectContaining({ level: 'MISSING', weight: 0 }),
    );
  });

  it('should link McDonald and MacDonald with the same date of birth, which the exact rule never did', () => {
    const police = court({ pncId: '2019/0456712K' });
    const family = court({ familyName: 'MacDonald' });
    expect(scorePair(police, family).decision).toBe('LINKED');
    expect(
      exactRuleDecision(
        { ...police, sightingId: 'a', truth: 'x', address: null },
        { ...family, sightingId: 'b', truth: 'x', address: null },
      ),
    ).toBe('NONE');
    expect(explainScore(scorePair(police, family))).toMatch(
      /McDonald \/ MacDonald: one name written two ways.*same date \(1988-09-03\).*: linked/,
    );
  });

  it('should offer a day and month swapped, a nickname, an initial, the names swapped', () => {
    const offered = [
      court({ dateOfBirth: '1988-03-09', givenName: 'D' }),
      court({ givenName: 'Kwame', familyName: 'Mensah', dateOfBirth: '1975-02-11' }),
    ];
    expect(scorePair(court(), offered[0]!).decision).toBe('CANDIDATE');
    expect(
      scorePair(court({ givenName: 'Mensah', familyName: 'Kwame', dateOfBirth: '1975-02-11' }), offered[1]!)
        .decision,
    ).not.toBe('NONE');
    for (const other of [
      court({ dateOfBirth: '1988-03-09' }),
      court({ givenName: 'Danny' }),
      court({ givenName: 'D' }),
    ])
      expect(scorePair(court(), other).decision).not.toBe('NONE');
  });

  it('should never link a record with no date of birth and no identifier in common, whatever the name', () => {
    const nameOnly = court({ dateOfBirth: null });
    const score = scorePair(court({ pncId: '2019/0456712K' }), nameOnly);
    expect(score.decision).toBe('CANDIDATE');
    // Even with every name part agreeing and a CRO on one side only.
    const rare = court({ givenName: 'Zebedee Ptolemy', familyName: 'Featherstonehaugh' });
    const held = scorePair({ ...rare, croNumber: '1/2A' }, { ...rare, dateOfBirth: null });
    expect(held.decision).toBe('CANDIDATE');
    // A CRO number in common is an identifier: that may link.
    expect(
      scorePair({ ...rare, croNumber: '1/2A' }, { ...rare, dateOfBirth: null, croNumber: '1/2A' }).decision,
    ).toBe('LINKED');
  });

  it('should hold back a different PNC id and keep twins (same surname and date, other forename) apart', () => {
    expect(scorePair(court({ pncId: '1' }), court({ pncId: '2' })).decision).not.toBe('LINKED');
    expect(scorePair(court(), court({ givenName: 'Peter' })).decision).not.toBe('LINKED');
    expect(scorePair(court(), court({ givenName: 'Sarah', familyName: 'Jones' })).decision).toBe('NONE');
    expect(scorePair(court(), court({ dateOfBirth: '1975-02-11' })).decision).toBe('NONE');
  });

  it('should be symmetric', () => {
    const a = court({ givenName: 'Bill', familyName: "O'Brien", pncId: '1' });
    const b = court({ givenName: 'William', familyName: 'OBrien', dateOfBirth: '1988-03-09' });
    const { contributions: ab, ...abTotal } = scorePair(a, b);
    const { contributions: ba, ...baTotal } = scorePair(b, a);
    expect(abTotal).toEqual(baTotal);
    expect(ab.map((c) => [c.field, c.level, c.weight])).toEqual(ba.map((c) => [c.field, c.level, c.weight]));
  });
});

describe('addresses in the score (fs-v2)', () => {
  const home = [addressKey('3 Chapel Street', 'LS6 3QT')!];

  it('should lift a date a digit off to linked at the same address, and leave it for review after a move', () => {
    const digitOff = court({ dateOfBirth: '1988-09-08' });
    expect(scorePair(court({ addresses: home }), { ...digitOff, addresses: home }).decision).toBe('LINKED');
    expect(
      scorePair(court({ addresses: home }), {
        ...digitOff,
        addresses: [addressKey('9 Moor Lane', 'BD7 1AA')!],
      }).decision,
    ).toBe('CANDIDATE');
  });

  it('should never link twins, or a father and son of one name, on a shared home', () => {
    const twin = scorePair(court({ addresses: home }), court({ givenName: 'Samuel', addresses: home }));
    expect(twin.decision).toBe('CANDIDATE');
    expect(twin.heldBack).toMatch(/different forenames/);
    const father = scorePair(
      court({ addresses: home }),
      court({ dateOfBirth: '1961-02-17', addresses: home }),
    );
    expect(father.decision).not.toBe('LINKED');
  });

  it('should keep a name-only record unlinked whatever address it shares', () => {
    const score = scorePair(court({ addresses: home }), court({ dateOfBirth: null, addresses: home }));
    expect(score.decision).toBe('CANDIDATE');
    expect(score.heldBack).toMatch(/never linked on a name alone/);
  });

  it('should score exactly as fs-v1 did when no record has an address', () => {
    const a = court({ pncId: '2019/0456712K' });
    const b = court({ familyName: 'MacDonald', dateOfBirth: '1988-03-09' });
    expect(scorePair(a, b, LINKAGE_PARAMETERS_V2).matchWeight).toBeCloseTo(
      scorePair(a, b, LINKAGE_PARAMETERS_V1).matchWeight,
      10,
    );
  });
});

describe('parameters', () => {
  it.each([LINKAGE_PARAMETERS_V1, LINKAGE_PARAMETERS_V2])(
    'should have m and u for every level but MISSING, each a probability ($version)',
    (parameters) => {
      for (const field of LINKAGE_FIELDS) {
        const levels = parameters.fields[field] as Record<string, LevelProbabilities>;
        expect(Object.keys(levels).sort()).toEqual(LEVELS[field].filter((l) => l !== 'MISSING').sort());
        for (const { m, u } of Object.values(levels)) {
          expect(m).toBeGreaterThan(0);
          expect(m).toBeLessThan(1);
          expect(u).toBeGreaterThan(0);
          expect(u).toBeLessThan(1);
        }
      }
    },
  );
});

describe('EM estimation', () => {
  it('should recover the error rates the corpus was generated with, from unlabelled pairs', () => {
    const corpus = generateLinkageCorpus({ people: 1000, sightingsPerPerson: 5, seed: 11 });
    const rand = seededRandom(3);
    // As Splink does: random pairs (mostly different people) and pairs within blocks (mostly the same).
    const vectors = [];
    for (let k = 0; k < 20_000; k++) {
      const a = corpus[Math.floor(rand() * corpus.length)]!;
      const b = corpus[Math.floor(rand() * corpus.length)]!;
      if (a !== b) vectors.push(compareRecords(a, b));
    }
    const byDate = new Map<string, LinkageRecord[]>();
    for (const s of corpus)
      if (s.dateOfBirth) byDate.set(s.dateOfBirth, [...(byDate.get(s.dateOfBirth) ?? []), s]);
    for (const list of byDate.values())
      for (let i = 0; i < list.length; i++)
        for (let j = i + 1; j < list.length; j++) vectors.push(compareRecords(list[i]!, list[j]!));
    const { parameters, iterations } = estimateParameters(vectors, LINKAGE_PARAMETERS_V1, {
      version: 'test',
      provenance: 'test',
    });
    expect(iterations).toBeLessThan(50);
    // Among the same person's sightings, the generator keys the surname exactly about 93 % of the time,
    // the forename about 90 %, and changes a digit of the date in about 4 % of pairs.
    expect(parameters.fields.SURNAME.EXACT.m).toBeGreaterThan(0.88);
    expect(parameters.fields.SURNAME.EXACT.m).toBeLessThan(0.97);
    expect(parameters.fields.FORENAMES.EXACT.m).toBeGreaterThan(0.85);
    expect(parameters.fields.FORENAMES.NICKNAME.m).toBeGreaterThan(0.01);
    // Different people almost never share a surname spelling variant or a nickname.
    expect(parameters.fields.SURNAME.VARIANT.u).toBeLessThan(0.005);
    expect(parameters.fields.FORENAMES.NICKNAME.u).toBeLessThan(0.005);
    expect(parameters.fields.SURNAME.DISAGREE.u).toBeGreaterThan(0.95);
    // fs-v1 gives the address no weight (m = u); EM learns it from the other fields: the same person is
    // most often seen at one home, different people almost never are.
    expect(parameters.fields.ADDRESS.SAME_ADDRESS.m).toBeGreaterThan(0.3);
    expect(parameters.fields.ADDRESS.SAME_ADDRESS.u).toBeLessThan(0.05);
  });
});

describe('on a labelled corpus', () => {
  it('should link with precision ≥ 0.99 and recall ≥ 0.95 of the linkable pairs, where the exact rule misses far more', () => {
    const corpus = generateLinkageCorpus({ people: 1000, sightingsPerPerson: 5, seed: 20261203 });
    const scored = evaluateLinkage(corpus, (a, b) => scorePair(a, b).decision);
    const exact = evaluateLinkage(corpus, exactRuleDecision);
    expect(scored.linked.precision).toBeGreaterThanOrEqual(0.99);
    expect(scored.linkableRecall).toBeGreaterThanOrEqual(0.95);
    // Pairs with a date of birth missing are candidates at most: about 4 % of pairs in this corpus.
    expect(scored.linked.recall).toBeGreaterThanOrEqual(0.93);
    expect(scored.linkedOrCandidate.recall).toBeGreaterThanOrEqual(0.99);
    expect(scored.linked.recall - exact.linked.recall).toBeGreaterThan(0.1);
  });
});

describe('estimating the parameters from a hub’s own records', () => {
  it('should learn from unlabelled random and blocked pairs, print weights beside those in force, and adopt nothing', () => {
    const corpus = generateLinkageCorpus({ people: 800, sightingsPerPerson: 4, seed: 29 });
    const rand = seededRandom(7);
    const random: [LinkageRecord, LinkageRecord][] = [];
    for (let k = 0; k < 10_000; k++)
      random.push([corpus[Math.floor(rand() * corpus.length)]!, corpus[Math.floor(rand() * corpus.length)]!]);
    const blocked: [LinkageRecord, LinkageRecord][] = [];
    const byDate = new Map<string, LinkageRecord[]>();
    for (const s of corpus)
      if (s.dateOfBirth) byDate.set(s.dateOfBirth, [...(byDate.get(s.dateOfBirth) ?? []), s]);
    for (const list of byDate.values())
      for (let i = 1; i < list.length; i++) blocked.push([list[0]!, list[i]!]);
    const estimate = estimateFromPairs(random, blocked, LINKAGE_PARAMETERS_V2, 'estimated-test');
    expect(estimate.parameters.version).toBe('estimated-test');
    expect(estimate.basedOn).toBe('fs-v2');
    expect(estimate.converged).toBe(true);
    const fields = estimate.parameters.fields;
    expect(fields.SURNAME.EXACT.m).toBeGreaterThan(0.85);
    expect(fields.SURNAME.EXACT.u).toBeLessThan(0.05);
    expect(fields.ADDRESS.SAME_ADDRESS.m).toBeGreaterThan(fields.ADDRESS.SAME_ADDRESS.u * 10);
    expect(estimate.weights).toContainEqual(
      expect.objectContaining({
        field: 'DATE_OF_BIRTH',
        level: 'EXACT',
        current: expect.any(Number) as unknown,
      }),
    );
    // Only probabilities come out: no name or date of any record.
    const printed = JSON.stringify(estimate);
    for (const s of corpus.slice(0, 50)) expect(printed).not.toContain(s.familyName);
    expect(LINKAGE_PARAMETERS_V2.version).toBe('fs-v2'); // nothing adopted
  });
});
