import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalProblems } from '../contract';
import { normalizeCourtResults } from './court-results.normalizer';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const normalize = (xml: string) => normalizeCourtResults(Buffer.from(xml));
const drafts = (xml: string) => {
  const result = normalize(xml);
  if (!result.ok) throw new Error(JSON.stringify(result.rejection));
  return result.drafts;
};

describe('normalizeCourtResults', () => {
  it('should read a DVPO made at a magistrates’ court, with its end and its coded exclusion zone', () => {
    const events = drafts(fixture('dvpo-made.xml'));
    expect(events.map((e) => e.type)).toEqual([
      'uk.shieldline.court.hearing.outcome.v1',
      'uk.shieldline.court.order.granted.v1',
    ]);
    for (const e of events) expect(canonicalProblems(e.type, e.data)).toEqual([]);
    expect(events[0]!.data).toMatchObject({ outcome: 'ORDER_MADE' });
    expect(events[1]!.data).toMatchObject({
      orderType: 'DVPO',
      sourceOrderCode: '3330',
      powerOfArrest: true,
      // Not in court: bound only once served.
      respondentPresent: false,
      expiresAt: '2026-02-03T23:59:59.000Z',
      exclusionZones: [
        {
          description: 'Not to come within 100 metres of 12 Hill Street, Leeds LS6 2QT',
          postcode: 'LS6 2QT',
          radiusMetres: 100,
        },
      ],
    });
  });

  it('should refuse a DVPO whose end is not given (it lasts 14 to 28 days: never assumed)', () => {
    const result = normalize(fixture('dvpo-made.xml').replace(' endsAt="2026-02-03T23:59:59Z"', ''));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.rejection.problems.map((p) => p.path)).toEqual([
      '/CourtResults/Case/Defendant[1]/Result[1]/Order/@endsAt',
    ]);
  });

  it('should read a DAPO made, varied (new terms and a new end) and discharged', () => {
    const made = drafts(fixture('dapo-made.xml'))[1]!;
    expect(made.data).toMatchObject({ orderType: 'DAPO', expiresAt: null, respondentPresent: true });
    const varied = drafts(fixture('dapo-varied.xml'));
    expect(varied.map((e) => [e.type, e.subject])).toEqual([
      ['uk.shieldline.court.hearing.outcome.v1', '13WY8801026'],
      ['uk.shieldline.court.order.varied.v1', 'LMC/0388/26/DAPO1'],
      ['uk.shieldline.court.order.extended.v1', 'LMC/0388/26/DAPO1'],
    ]);
    for (const e of varied) expect(canonicalProblems(e.type, e.data)).toEqual([]);
    expect(varied[1]!.data).toMatchObject({
      variationNumber: 1,
      conditions: [{ paragraph: '1' }, { paragraph: '2', code: 'EXCLUSION_ZONE' }, { paragraph: '3' }],
      exclusionZones: [{ postcode: 'LS6 2QT', radiusMetres: 200 }],
    });
    expect(varied[2]!.data).toEqual({ orderRef: 'LMC/0388/26/DAPO1', expiresAt: '2027-06-05T23:59:59.000Z' });
    const discharged = drafts(fixture('dapo-discharged.xml'))[1]!;
    expect(discharged).toMatchObject({
      type: 'uk.shieldline.court.order.discharged.v1',
      data: {
        orderRef: 'LMC/0388/26/DAPO1',
        reason: 'Order discharged on the application of the person protected',
      },
    });
  });

  it('should keep a variation that gives no terms from wiping the order’s terms', () => {
    const xml = fixture('dapo-varied.xml').replace(/<Condition[^]*?<\/Order>/, '</Order>');
    const varied = drafts(xml)[1]!;
    expect(varied.data).toMatchObject({ conditions: null, exclusionZones: null });
  });

  it('should turn a conviction into the outcome, a restraining order, the sentence and the end of bail', () => {
    const events = drafts(fixture('conviction-restraining-order.xml'));
    expect(events.map((e) => [e.type, e.subject])).toEqual([
      ['uk.shieldline.court.hearing.outcome.v1', '13WY7712026'],
      ['uk.shieldline.court.order.granted.v1', 'LMC/1234/26/RO1'],
      ['uk.shieldline.court.sentence.passed.v1', '13WY7712026'],
      ['uk.shieldline.court.bail.revoked.v1', 'LMC/1234/26/B1'],
    ]);
    expect(events[0]!.data).toMatchObject({
      outcome: 'CONVICTED',
      results: [
        { code: '3047', text: 'Restraining order until 2028-03-02' },
        { code: '1116', text: expect.stringContaining('Community order 12 months') as string },
        { code: '4016', text: 'Bail ends on sentence' },
      ],
    });
    expect(events[1]!.data).toMatchObject({
      orderType: 'RESTRAINING_ON_CONVICTION',
      sourceOrderCode: '3047',
      caseUrn: '13WY7712026',
      powerOfArrest: true,
      // The defendant was in court: bound from the making, no service needed.
      respondentPresent: true,
      effectiveFrom: '2026-03-02T10:00:00.000Z',
      expiresAt: '2028-03-02T23:59:59.000Z',
      protectedPersons: [{ name: { given: 'Jane', family: 'Example' }, addressConfidential: true }],
      conditions: [
        {
          paragraph: '1',
          text: 'Not to contact Jane Example directly or indirectly, whether by telephone, text, social media or through any third party',
        },
        { paragraph: '2', text: 'Not to enter Hill Street, Leeds' },
      ],
    });
    for (const e of events) expect(canonicalProblems(e.type, e.data)).toEqual([]);
  });

  it('should read a restraining order on acquittal and keep a missing send time missing', () => {
    const events = drafts(fixture('acquittal-restraining-order.xml'));
    expect(events[1]).toMatchObject({
      occurredAt: null,
      data: {
        orderType: 'RESTRAINING_ON_ACQUITTAL',
        sourceOrderCode: '3048',
        respondent: { dateOfBirth: '1979-11-23' },
        // The message does not say whether the defendant was present: missing, not false.
        respondentPresent: null,
      },
    });
  });

  it('should refuse a presence marker that is neither true nor false', () => {
    const xml = fixture('conviction-restraining-order.xml').replace('present="true"', 'present="yes"');
    const result = normalizeCourtResults(Buffer.from(xml));
    expect(result.ok ? [] : result.rejection.problems).toContainEqual({
      path: '/CourtResults/Case/Defendant[1]/@present',
      message: 'must be true or false, got "yes"',
    });
  });

  it('should give court bail its conditions (entities decoded) and the next hearing as a London day', () => {
    const events = drafts(fixture('adjourned-on-bail.xml'));
    expect(events.map((e) => e.type)).toEqual([
      'uk.shieldline.court.hearing.outcome.v1',
      'uk.shieldline.court.bail.granted.v1',
      'uk.shieldline.court.hearing.listed.v1',
    ]);
    expect(events[1]!.data).toMatchObject({
      bailRef: 'LMC/1234/26/B1',
      nextHearingOn: '2026-03-02',
      conditions: [
        {
          paragraph: '1',
          text: 'Not to contact Jane Example directly or indirectly, including through social media & third parties',
        },
        { paragraph: '2' },
        { paragraph: '3' },
      ],
    });
    expect(events[2]!.data).toMatchObject({ hearingType: 'TRIAL', listedFor: '2026-03-02T10:00:00.000Z' });
  });

  it('should tell unconditional bail (4013: no conditions) from conditional bail whose conditions are missing', () => {
    const xml = fixture('crown-bail-granted.xml');
    const withoutConditions = xml.replace(/<Condition[^>]*>[^<]*<\/Condition>\s*/g, '');
    // Conditional bail without its conditions: refused, never "no conditions".
    const conditional = normalize(withoutConditions);
    expect(conditional.ok).toBe(false);
    expect(!conditional.ok && conditional.rejection.problems).toEqual([
      expect.objectContaining({
        path: '/CourtResults/Case/Defendant[1]/Result[1]/Bail/Condition',
        message: 'conditional bail (4014) needs its conditions',
      }),
    ]);
    // Unconditional bail: the court said "none".
    const unconditional = drafts(withoutConditions.replace('code="4014"', 'code="4013"'));
    const bail = unconditional.find((d) => d.type === 'uk.shieldline.court.bail.granted.v1')!;
    expect(bail.data.conditions).toEqual([]);
    expect(canonicalProblems(bail.type, bail.data)).toEqual([]);
    // …and unconditional bail that lists conditions contradicts itself.
    const contradictory = normalize(xml.replace('code="4014"', 'code="4013"'));
    expect(!contradictory.ok && contradictory.rejection.problems.map((p) => p.message)).toEqual([
      'unconditional bail (4013) has no conditions; conditional bail is 4014',
    ]);
  });

  it('should keep an unknown result code on the outcome without inventing an event for it', () => {
    const events = drafts(fixture('remand-in-custody.xml'));
    expect(events.map((e) => e.type)).toEqual([
      'uk.shieldline.court.hearing.outcome.v1',
      'uk.shieldline.court.bail.varied.v1',
      'uk.shieldline.court.remand.custody.v1',
      'uk.shieldline.court.hearing.listed.v1',
    ]);
    expect(events[0]!.data.results).toContainEqual({ code: '2063', text: 'Case to be listed for mention' });
  });

  it('should refuse an unknown result code that carries an order, and an unknown verdict', () => {
    const xml = fixture('conviction-restraining-order.xml')
      .replace('code="3047"', 'code="9999"')
      .replace('<Verdict>CONVICTED', '<Verdict>MAYBE');
    expect(normalize(xml)).toEqual({
      ok: false,
      rejection: {
        reason: 'UNKNOWN_CODE',
        problems: [
          {
            path: '/CourtResults/Case/Defendant[1]/Verdict',
            message: expect.stringContaining('unknown verdict "MAYBE"') as string,
          },
          {
            path: '/CourtResults/Case/Defendant[1]/Result[1]/@code',
            message: 'unknown result code "9999" carries an order',
          },
        ],
      },
    });
  });

  it('should refuse DTDs (XXE, entity expansion), other encodings and malformed XML', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><CourtResults>&x;</CourtResults>`;
    expect(normalize(xxe)).toMatchObject({ ok: false, rejection: { reason: 'FORBIDDEN_CONSTRUCT' } });
    const latin1 = fixture('acquittal-restraining-order.xml').replace(
      'encoding="UTF-8"',
      'encoding="ISO-8859-1"',
    );
    expect(normalize(latin1)).toMatchObject({ ok: false, rejection: { reason: 'UNPARSEABLE' } });
    expect(normalize('<CourtResults><Court></CourtResults>')).toMatchObject({
      ok: false,
      rejection: {
        reason: 'UNPARSEABLE',
        problems: [{ message: expect.stringContaining('not well-formed') as string }],
      },
    });
    expect(normalizeCourtResults(Buffer.from([0x3c, 0x61, 0xff, 0x3e]))).toMatchObject({
      ok: false,
      rejection: { reason: 'UNPARSEABLE', problems: [{ message: 'message is not valid UTF-8' }] },
    });
  });

  it('should refuse an impossible hearing time and name every missing attribute', () => {
    const xml = fixture('adjourned-on-bail.xml')
      .replace('start="2026-02-12T10:00:00Z"', 'start="2026-02-30T10:00:00Z"')
      .replace(' urn="13WY7712026"', '');
    const result = normalize(xml);
    expect(result.ok ? [] : result.rejection.problems.map((p) => p.path)).toEqual([
      '/CourtResults/Hearing/@start',
      '/CourtResults/Case/@urn',
    ]);
  });

  it('should decode character references once and refuse entities no DTD defines', () => {
    const xml = fixture('acquittal-restraining-order.xml');
    const named = drafts(
      xml
        .replace('given="Amy"', 'given="Am&#121;"')
        .replace(
          'family="Sample"/>\n          </ProtectedPerson>',
          'family="O&#39;Brien &amp;lt;x&amp;gt;"/>\n          </ProtectedPerson>',
        ),
    );
    expect(named[1]!.data).toMatchObject({
      protectedPersons: [{ name: { given: 'Amy', family: "O'Brien &lt;x&gt;" } }],
    });
    expect(normalize(xml.replace('given="Amy"', 'given="Amy&nbsp;"'))).toMatchObject({
      ok: false,
      rejection: {
        reason: 'UNPARSEABLE',
        problems: [{ message: expect.stringContaining('undefined entity &nbsp;') as string }],
      },
    });
    expect(normalize(xml.replace('given="Amy"', 'given="&#9;=1+1"'))).toMatchObject({
      ok: false,
      rejection: { reason: 'FORBIDDEN_CONSTRUCT' },
    });
  });
});
