import { readFileSync } from 'node:fs';
import {
  canonicalProblems,
  EVENT_TYPES,
  type EventDraft,
  exclusionZonesFromTerms,
  type NormalizeResult,
} from '../contract';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { normalizeFamilyCourtMessage } from './family-court.normalizer';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const fixtureJson = (name: string) => JSON.parse(fixture(name).toString('utf8')) as Record<string, unknown>;
const now = new Date('2026-11-22T12:00:00Z');
const normalize = (value: unknown): NormalizeResult =>
  normalizeFamilyCourtMessage(Buffer.from(JSON.stringify(value)), now);

function drafts(result: NormalizeResult): readonly EventDraft[] {
  if (!result.ok) throw new Error(`expected drafts, got ${JSON.stringify(result.rejection)}`);
  return result.drafts;
}

function eventSchemaValidator(type: string) {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
  addFormats(ajv);
  const schema = JSON.parse(
    readFileSync(join(__dirname, '../../schema/events', `${type}.json`), 'utf8'),
  ) as object;
  return ajv.compile(schema);
}

describe('normalizeFamilyCourtMessage', () => {
  it('should turn a non-molestation order into one granted event that keeps every term in full', () => {
    const [draft, ...rest] = drafts(normalizeFamilyCourtMessage(fixture('nmo-granted.json'), now));
    expect(rest).toHaveLength(0);
    expect(draft).toMatchObject({
      type: EVENT_TYPES.orderGranted,
      subject: 'LDSFC/LS26F00123/1',
      occurredAt: '2026-11-20T10:15:00.000Z',
      sourceRecordId: 'LDSFC-2026-000123-M1',
      sourceRecordVersion: '1',
    });
    expect(draft!.data).toMatchObject({
      orderType: 'NON_MOLESTATION',
      sourceOrderCode: 'FL404A',
      policeArea: 'WYP',
      withoutNotice: true,
      powerOfArrest: false,
      expiresAt: '2027-05-20T16:00:00.000Z',
      respondent: {
        name: { given: 'Daniel', family: 'Ashworth' },
        dateOfBirth: '1988-09-30',
        pncId: '2019/0456712K',
      },
      protectedPersons: [{ name: { given: 'Megan', family: 'Ashworth' }, addressConfidential: true }],
    });
    const source = fixtureJson('nmo-granted.json') as { order: { terms: { text: string }[] } };
    expect((draft!.data.conditions as { text: string }[]).map((c) => c.text)).toEqual(
      source.order.terms.map((t) => t.text),
    );
  });

  it('should keep a missing source time missing and allow "until further order"', () => {
    const [draft] = drafts(normalizeFamilyCourtMessage(fixture('occupation-until-further-order.json'), now));
    expect(draft!.occurredAt).toBeNull();
    expect(draft!.data).toMatchObject({
      orderType: 'OCCUPATION',
      madeAt: null,
      expiresAt: null,
      powerOfArrest: true,
      effectiveFrom: '2026-10-01T08:00:00.000Z',
    });
  });

  it('should refuse an order that does not say when it ends, rather than assume "until further order"', () => {
    const message = fixtureJson('nmo-granted.json') as { order: Record<string, unknown> };
    delete message.order.endsOn;
    const result = normalizeFamilyCourtMessage(Buffer.from(JSON.stringify(message)), now);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.rejection.reason).toBe('SCHEMA_INVALID');
    expect(!result.ok && JSON.stringify(result.rejection.problems)).toContain('endsOn');
  });

  it('should turn a statement of service into a served event for the same order', () => {
    const [draft] = drafts(normalizeFamilyCourtMessage(fixture('nmo-served.json'), now));
    expect(draft).toMatchObject({
      type: EVENT_TYPES.orderServed,
      subject: 'LDSFC/LS26F00123/1',
      occurredAt: '2026-11-21T18:40:00.000Z',
      data: { orderRef: 'LDSFC/LS26F00123/1', servedAt: '2026-11-21T18:40:00.000Z', method: 'PERSONAL' },
    });
  });

  it('should produce data that conforms to the published event schemas', () => {
    for (const name of ['nmo-granted.json', 'nmo-served.json', 'occupation-until-further-order.json']) {
      for (const draft of drafts(normalizeFamilyCourtMessage(fixture(name), now))) {
        const validate = eventSchemaValidator(draft.type);
        expect({ name, valid: validate(draft.data), errors: validate.errors ?? null }).toEqual({
          name,
          valid: true,
          errors: null,
        });
      }
    }
  });

  it('should be deterministic on the same bytes', () => {
    const bytes = fixture('nmo-granted.json');
    expect(normalizeFamilyCourtMessage(bytes, now)).toEqual(normalizeFamilyCourtMessage(bytes, now));
  });

  describe('rejections', () => {
    it('should refuse bytes that are not JSON', () => {
      expect(normalizeFamilyCourtMessage(Buffer.from('{"messageType": "ORDER_MADE",'), now)).toMatchObject({
        ok: false,
        rejection: { reason: 'UNPARSEABLE' },
      });
    });

    it('should refuse bytes that are not UTF-8', () => {
      expect(normalizeFamilyCourtMessage(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), now)).toMatchObject({
        ok: false,
        rejection: { reason: 'UNPARSEABLE', problems: [{ message: 'body is not valid UTF-8' }] },
      });
    });

    it('should name every missing field at once', () => {
      const message = fixtureJson('nmo-granted.json');
      delete message.caseNumber;
      delete message.respondent;
      const result = normalize(message);
      expect(result).toMatchObject({ ok: false, rejection: { reason: 'SCHEMA_INVALID' } });
      const paths = result.ok ? [] : result.rejection.problems.map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining(['/caseNumber', '/respondent']));
    });

    it('should refuse a calendar date that does not exist', () => {
      const message = fixtureJson('nmo-granted.json') as { order: Record<string, unknown> };
      message.order.effectiveFrom = '2026-02-30T10:00:00Z';
      expect(normalize(message)).toMatchObject({
        ok: false,
        rejection: { reason: 'IMPOSSIBLE_DATE', problems: [{ path: '/order/effectiveFrom' }] },
      });
    });

    it('should refuse an order that ends before it starts, and a birth date in the future', () => {
      const message = fixtureJson('nmo-granted.json') as {
        order: Record<string, unknown>;
        respondent: Record<string, unknown>;
      };
      message.order.endsOn = '2026-11-01T00:00:00Z';
      message.respondent.dateOfBirth = '2030-01-01';
      const result = normalize(message);
      expect(result).toMatchObject({ ok: false, rejection: { reason: 'IMPOSSIBLE_DATE' } });
      expect(result.ok ? [] : result.rejection.problems.map((p) => p.path).sort()).toEqual([
        '/order/endsOn',
        '/respondent/dateOfBirth',
      ]);
    });

    it('should refuse an unknown order form rather than guess its type', () => {
      const message = fixtureJson('nmo-granted.json') as { order: Record<string, unknown> };
      message.order.form = 'FL999';
      const result = normalize(message);
      expect(result).toMatchObject({
        ok: false,
        rejection: { reason: 'UNKNOWN_CODE', problems: [{ path: '/order/form' }] },
      });
      expect(result.ok ? '' : result.rejection.problems[0]!.message).toContain('unknown order form "FL999"');
    });

    it('should refuse an unknown message type', () => {
      expect(normalize({ messageType: 'ORDER_APPEALED' })).toMatchObject({
        ok: false,
        rejection: { reason: 'SCHEMA_INVALID', problems: [{ path: '/messageType' }] },
      });
    });
  });

  describe('variation, extension and discharge', () => {
    it('should turn each into its canonical event for the same order, conforming to the catalogue', () => {
      const [varied] = drafts(normalizeFamilyCourtMessage(fixture('nmo-varied.json'), now));
      expect(varied).toEqual({
        type: 'uk.shieldline.court.order.varied.v1',
        subject: 'LDSFC/LS26F00123/1',
        occurredAt: '2026-12-02T11:00:00.000Z',
        sourceRecordId: 'LDSFC-2026-000123-V1',
        sourceRecordVersion: '1',
        // The variation by its number: a re-send under another message id is still variation 1.
        recordKey: 'variation 1',
        data: {
          orderRef: 'LDSFC/LS26F00123/1',
          variationNumber: 1,
          conditions: [
            {
              paragraph: '1',
              code: 'NO_VIOLENCE',
              text: 'The respondent must not use or threaten violence against the applicant.',
            },
            {
              paragraph: '3',
              code: 'EXCLUSION_ZONE',
              text: 'The respondent must not go within 100 metres of 1 Example Street, Leeds.',
            },
          ],
          // The term coded EXCLUSION_ZONE, as a zone: its radius read from the wording, no postcode stated.
          exclusionZones: [
            {
              description: 'The respondent must not go within 100 metres of 1 Example Street, Leeds.',
              postcode: null,
              radiusMetres: 100,
            },
          ],
          powerOfArrest: true,
          reason: "Application to vary after contact at the applicant's home",
        },
      });
      const [extended] = drafts(normalizeFamilyCourtMessage(fixture('nmo-extended.json'), now));
      expect(extended!.data).toEqual({ orderRef: 'LDSFC/LS26F00123/1', expiresAt: null });
      const [discharged] = drafts(normalizeFamilyCourtMessage(fixture('nmo-discharged.json'), now));
      expect(discharged!.type).toBe('uk.shieldline.court.order.discharged.v1');
      expect([extended!.recordKey, discharged!.recordKey]).toEqual([
        `extension on ${String(fixtureJson('nmo-extended.json').changedOn)}`,
        'discharge',
      ]);
      for (const draft of [varied!, extended!, discharged!]) {
        expect(canonicalProblems(draft.type, draft.data)).toEqual([]);
      }
    });

    it('should refuse a variation that changes nothing and an extension without its new end', () => {
      const { terms: _terms, powerOfArrest: _poa, ...noChange } = fixtureJson('nmo-varied.json');
      expect(normalize(noChange)).toEqual({
        ok: false,
        rejection: {
          reason: 'SCHEMA_INVALID',
          problems: [{ path: '', message: 'a variation must change the terms or the power of arrest' }],
        },
      });
      const { endsOn: _endsOn, ...noEnd } = fixtureJson('nmo-extended.json');
      expect(normalize(noEnd)).toEqual({
        ok: false,
        rejection: {
          reason: 'SCHEMA_INVALID',
          problems: [{ path: '/endsOn', message: 'is required (null means until further order)' }],
        },
      });
    });
  });

  describe('coded exclusion zones', () => {
    it('should read the postcode and radius a coded term states, and never guess them', () => {
      expect(
        exclusionZonesFromTerms([
          { code: 'EXCLUSION_ZONE', text: 'Must not enter within 250m of ls6 2ab or the school.' },
          { code: 'EXCLUSION_ZONE', text: 'Must not enter Harehills Lane, Leeds.' },
          { code: 'NO_CONTACT', text: 'Must not contact the applicant within 100 metres of LS1 1AA.' },
          { code: null, text: 'Must not go to 1 Refuge Row LS1 1AA.' },
        ]),
      ).toEqual([
        {
          description: 'Must not enter within 250m of ls6 2ab or the school.',
          postcode: 'LS6 2AB',
          radiusMetres: 250,
        },
        { description: 'Must not enter Harehills Lane, Leeds.', postcode: null, radiusMetres: null },
      ]);
    });

    it('should give a granted order its coded zone, and no zones field when none is coded', () => {
      const [zoned] = drafts(normalizeFamilyCourtMessage(fixture('nmo-granted.json'), now));
      expect(zoned!.data.exclusionZones).toEqual([
        {
          description:
            'The respondent must not go to, enter or attempt to enter any property where he knows or believes the applicant to live, and must not go within 100 metres of 14 Harrow Close, Leeds LS6 2QT.',
          postcode: 'LS6 2QT',
          radiusMetres: 100,
        },
      ]);
      const [plain] = drafts(
        normalizeFamilyCourtMessage(fixture('occupation-until-further-order.json'), now),
      );
      expect(plain!.data).not.toHaveProperty('exclusionZones');
    });
  });
});
