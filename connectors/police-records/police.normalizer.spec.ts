import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalProblems, csvReader } from '../contract';
import { normalizePoliceRecord } from './police.normalizer';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const rows = () => csvReader(fixture('police-export.csv'));
const HEADER = 'record_type,record_id,record_version,recorded_at,force,urn,bail_status';
const csv = (header: string, row: string) => Buffer.from(`${header}\n${row}`);
const normalizeCsv = (header: string, row: string) => normalizePoliceRecord(csv(header, row), 'text/csv');

describe('normalizePoliceRecord', () => {
  it('should read every row of the export into one catalogue-conformant event of its type', () => {
    const results = rows().map((r) => normalizePoliceRecord(r.bytes, r.mediaType));
    const types = results.map((r) => (r.ok ? r.drafts[0]!.type : r.rejection));
    expect(types).toEqual([
      'uk.shieldline.police.incident.reported.v1',
      'uk.shieldline.police.risk.assessed.v1',
      'uk.shieldline.police.suspect.arrested.v1',
      'uk.shieldline.police.bail.granted.v1',
      'uk.shieldline.police.bail.varied.v1',
      'uk.shieldline.police.dvpn.issued.v1',
      'uk.shieldline.police.dvpo.applied.v1',
      'uk.shieldline.police.breach.reported.v1',
      'uk.shieldline.police.referral.sent.v1',
      'uk.shieldline.police.suspect.voluntary-attendance.v1',
      'uk.shieldline.police.suspect.released-under-investigation.v1',
      'uk.shieldline.police.bail.cancelled.v1',
    ]);
    for (const r of results) {
      if (r.ok) expect(canonicalProblems(r.drafts[0]!.type, r.drafts[0]!.data)).toEqual([]);
    }
  });

  it('should keep every offence, the refuge flag and the force-scoped record identity of an incident', () => {
    const [incident] = rows();
    const result = normalizePoliceRecord(incident!.bytes, 'text/csv');
    expect(result.ok && result.drafts[0]).toMatchObject({
      subject: '13WY7712026',
      occurredAt: '2026-01-04T23:10:00.000Z',
      sourceRecordId: 'WYP:INC-7712',
      sourceRecordVersion: '1',
      data: {
        domesticAbuse: true,
        offences: [
          { code: 'CJ88116', modeOfTrial: 'SUMMARY_ONLY', committedOn: '2026-01-04', commonAssault: true },
          {
            code: 'CJ03510',
            modeOfTrial: 'EITHER_WAY',
            commonAssault: false,
            description: 'Criminal damage to a mobile phone, value under £5,000',
          },
        ],
        victim: { name: { given: 'Jane', family: 'Example' }, addressConfidential: true },
        suspect: { pncId: '2019/0123456X', addressConfidential: false },
      },
    });
  });

  it('should keep a missing source time missing and number bail conditions in order', () => {
    const dvpn = rows().find((r) => r.bytes.toString().includes('\nDVPN,'))!;
    const result = normalizePoliceRecord(dvpn.bytes, 'text/csv');
    expect(result.ok && result.drafts[0]!.occurredAt).toBeNull();
    const bail = rows().find((r) => r.bytes.toString().includes('\nBAIL_GRANTED,'))!;
    const granted = normalizePoliceRecord(bail.bytes, 'text/csv');
    expect(granted.ok && granted.drafts[0]!.data.conditions).toEqual([
      { paragraph: '1', code: null, text: 'Not to contact Jane Example directly or indirectly' },
      { paragraph: '2', code: null, text: 'Not to enter Harehills Lane, Leeds' },
    ]);
  });

  it('should refuse a notice that says it prohibits nothing (NONE)', () => {
    const dvpn = rows().find((r) => r.bytes.toString().includes('\nDVPN,'))!;
    const text = dvpn.bytes.toString();
    const prohibitions = /"Not to molest[^"]*"/;
    expect(prohibitions.test(text)).toBe(true);
    const none = normalizePoliceRecord(Buffer.from(text.replace(prohibitions, 'NONE')), 'text/csv');
    expect(!none.ok && none.rejection.problems.map((p) => p.message)).toEqual([
      'a DVPN states what it prohibits: NONE is not a notice',
    ]);
  });

  it('should keep "no conditions" (NONE) and "conditions not stated" (empty) apart on bail', () => {
    const bail = (conditions: string | undefined) =>
      normalizePoliceRecord(
        Buffer.from(
          JSON.stringify({
            record_type: 'BAIL_GRANTED',
            record_id: 'B1',
            record_version: '1',
            force: 'WYP',
            bail_ref: 'WYP/PCB/1',
            urn: '13WY1',
            suspect_forename: 'A',
            suspect_surname: 'B',
            bailed_on: '2026-01-05',
            bail_authority: 'INSPECTOR',
            return_on: '2026-02-05',
            victim_views_sought: 'Y',
            ...(conditions === undefined ? {} : { conditions }),
          }),
        ),
        'application/json',
      );
    const conditionsOf = (r: ReturnType<typeof bail>) => (r.ok ? r.drafts[0]!.data.conditions : r.rejection);
    expect(conditionsOf(bail('NONE'))).toEqual([]);
    expect(conditionsOf(bail(''))).toBeNull();
    expect(conditionsOf(bail(undefined))).toBeNull();
    expect(conditionsOf(bail('Not to contact V'))).toEqual([
      { paragraph: '1', code: null, text: 'Not to contact V' },
    ]);
  });

  it('should carry the arrest date of a bail record when given, and keep it missing when not', () => {
    const bail = rows().find((r) => r.bytes.toString().includes('\nBAIL_GRANTED,'))!;
    const without = normalizePoliceRecord(bail.bytes, 'text/csv');
    expect(without.ok && without.drafts[0]!.data.arrestedOn).toBeNull();
    const [header, row] = bail.bytes.toString('utf8').split('\n');
    const withDate = normalizePoliceRecord(
      Buffer.from(`${header},arrested_on\n${row},2026-03-01`),
      'text/csv',
    );
    expect(withDate.ok ? withDate.drafts[0]!.data.arrestedOn : withDate.rejection).toBe('2026-03-01');
    const impossible = normalizePoliceRecord(
      Buffer.from(`${header},arrested_on\n${row},2026-02-30`),
      'text/csv',
    );
    expect(impossible.ok ? [] : impossible.rejection.problems).toEqual([
      { path: 'arrested_on', message: '2026-02-30 is not a real date' },
    ]);
  });

  it('should read the same fields pushed as one JSON object', () => {
    const result = normalizePoliceRecord(fixture('incident-push.json'), 'application/json');
    expect(result.ok && result.drafts[0]).toMatchObject({
      type: 'uk.shieldline.police.incident.reported.v1',
      subject: '13WY9901026',
      sourceRecordId: 'WYP:INC-9901',
    });
  });

  it('should refuse a referral that does not state bail status, naming the column (never defaulted)', () => {
    const result = normalizeCpsReferral('');
    expect(result.ok ? null : result.rejection.reason).toBe('SCHEMA_INVALID');
    expect(result.ok ? [] : result.rejection.problems).toEqual([
      { path: 'bail_status', message: 'is required for CPS_REFERRAL' },
    ]);
  });

  it('should classify unknown codes, impossible dates and formulas with their own reasons', () => {
    expect(normalizeCsv(HEADER, 'ARRAIGNMENT,X1,1,,WYP,13WY1,')).toMatchObject({
      ok: false,
      rejection: { reason: 'UNKNOWN_CODE', problems: [{ path: 'record_type' }] },
    });
    expect(
      normalizeCsv(
        'record_type,record_id,record_version,force,urn,released_on,suspect_forename,suspect_surname',
        'RUI,R1,1,WYP,13WY1,2026-02-30,A,B',
      ),
    ).toMatchObject({
      ok: false,
      rejection: { reason: 'IMPOSSIBLE_DATE', problems: [{ path: 'released_on' }] },
    });
    expect(normalizeCsv(HEADER, '"=HYPERLINK(""http://x"")",X1,1,,WYP,13WY1,')).toMatchObject({
      ok: false,
      rejection: { reason: 'FORBIDDEN_CONSTRUCT', problems: [{ path: 'record_type' }] },
    });
    expect(normalizeCsv(`${HEADER},force`, 'ARREST,X1,1,,WYP,13WY1,,WYP')).toMatchObject({
      ok: false,
      rejection: { reason: 'UNPARSEABLE', problems: [{ path: 'force', message: 'column appears twice' }] },
    });
    expect(normalizeCsv(`${HEADER},nickname`, 'ARREST,X1,1,,WYP,13WY1,,Dee')).toMatchObject({
      ok: false,
      rejection: {
        reason: 'SCHEMA_INVALID',
        problems: [{ path: 'nickname', message: 'is not a known column' }],
      },
    });
    expect(normalizePoliceRecord(Buffer.from([0x72, 0x0a, 0xff, 0xfe]), 'text/csv')).toMatchObject({
      ok: false,
      rejection: { reason: 'UNPARSEABLE' },
    });
    expect(
      normalizePoliceRecord(Buffer.from('{"record_type":"ARREST","force":7}'), 'application/json'),
    ).toMatchObject({
      ok: false,
      rejection: {
        reason: 'SCHEMA_INVALID',
        problems: [{ path: 'force', message: 'must be text or null, got number' }],
      },
    });
  });

  it('should read a breach with who it was against, when, who reported it, and each outcome in turn', () => {
    const results = csvReader(fixture('breaches.csv')).map((r) =>
      normalizePoliceRecord(r.bytes, r.mediaType),
    );
    for (const r of results) {
      expect(r.ok).toBe(true);
      if (r.ok) expect(canonicalProblems(r.drafts[0]!.type, r.drafts[0]!.data)).toEqual([]);
    }
    const [reported, arrested, charged, untold, nfa] = results.map((r) => (r.ok ? r.drafts[0]! : null));
    expect(reported).toMatchObject({
      type: 'uk.shieldline.police.breach.reported.v1',
      subject: 'WYP/BR/8801',
      data: {
        breached: { kind: 'ORDER', reference: 'LS26F00312/FL401/1' },
        victim: { name: { given: 'Jane', family: 'Example' }, dateOfBirth: '1990-07-01' },
        crimeReference: '13/5120/26',
        occurredAt: '2026-02-20T19:30:00.000Z',
        reportedBy: 'VICTIM',
      },
    });
    expect([arrested, charged].map((d) => d?.data)).toEqual([
      { breachRef: 'WYP/BR/8801', policeArea: 'WYP', outcome: 'ARRESTED', reason: null },
      {
        breachRef: 'WYP/BR/8801',
        policeArea: 'WYP',
        outcome: 'CHARGED',
        reason: 'Breach of a non-molestation order (FLA 1996 s.42A)',
      },
    ]);
    // Left empty is "not stated": no victim, no time of the breach, no reporter — never a default.
    expect(untold?.data).toMatchObject({
      victim: null,
      occurredAt: null,
      reportedBy: null,
      crimeReference: null,
    });
    expect(nfa?.data).toMatchObject({
      outcome: 'NO_FURTHER_ACTION',
      reason: 'Caller could not be identified',
    });
  });

  it('should read a DAPN and its DAPO application as a notice of its own type', () => {
    const [notice, application] = csvReader(fixture('dapn.csv')).map((r) =>
      normalizePoliceRecord(r.bytes, r.mediaType),
    );
    expect(notice).toMatchObject({
      ok: true,
      drafts: [
        {
          type: 'uk.shieldline.police.dvpn.issued.v1',
          subject: 'WYP/DAPN/8801',
          data: { noticeType: 'DAPN', authorisingRank: 'Inspector', servedAt: '2026-04-08T19:30:00.000Z' },
        },
      ],
    });
    expect(application).toMatchObject({
      ok: true,
      drafts: [
        { type: 'uk.shieldline.police.dvpo.applied.v1', data: { hearingAt: '2026-04-10T14:00:00.000Z' } },
      ],
    });
    for (const r of [notice, application])
      if (r?.ok) expect(canonicalProblems(r.drafts[0]!.type, r.drafts[0]!.data)).toEqual([]);
  });

  it('should reject a breach outcome or reporter it does not know, naming the codes it does', () => {
    const header = 'record_type,record_id,record_version,force,breach_ref,outcome';
    expect(normalizeCsv(header, 'BREACH_OUTCOME,O1,1,WYP,BR1,WARNED')).toMatchObject({
      ok: false,
      rejection: {
        reason: 'UNKNOWN_CODE',
        problems: [{ path: 'outcome' }],
      },
    });
    const unknown = normalizeCsv(header, 'BREACH_OUTCOME,O1,1,WYP,BR1,WARNED');
    expect(!unknown.ok && unknown.rejection.problems[0]!.message).toContain('NO_FURTHER_ACTION');
    expect(normalizeCsv(header, 'BREACH_OUTCOME,O1,1,WYP,BR1,')).toMatchObject({
      ok: false,
      rejection: { reason: 'SCHEMA_INVALID', problems: [{ path: 'outcome' }] },
    });
    const breach =
      'record_type,record_id,record_version,force,breach_ref,breached_kind,breached_ref,suspect_forename,suspect_surname,details,reported_by';
    expect(normalizeCsv(breach, 'BREACH,B1,1,WYP,BR1,ORDER,O1,Dale,Example,Seen,NEIGHBOUR')).toMatchObject({
      ok: false,
      rejection: { reason: 'UNKNOWN_CODE', problems: [{ path: 'reported_by' }] },
    });
  });

  it('should accept a signed number and a quoted field holding commas, quotes and a newline', () => {
    const header = 'record_type,record_id,record_version,force,bail_ref,reason';
    const result = normalizeCsv(header, 'BAIL_CANCELLED,-1,+2,WYP,B1,"Charged, ""remanded""\nto court"');
    expect(result.ok && result.drafts[0]!.data).toEqual({
      bailRef: 'B1',
      reason: 'Charged, "remanded"\nto court',
    });
  });
});

function normalizeCpsReferral(bailStatus: string) {
  const header =
    'record_type,record_id,record_version,force,urn,suspect_forename,suspect_surname,offences,bail_status';
  return normalizeCsv(
    header,
    `CPS_REFERRAL,REF-1,1,WYP,13WY1,Dale,Example,CJ88116/S//Y/Assault,${bailStatus}`,
  );
}

describe('the common-assault flag', () => {
  it('should refuse an offence whose common-assault flag is not stated, never reading it as "no"', () => {
    const header =
      'record_type,record_id,record_version,force,urn,suspect_forename,suspect_surname,offences,bail_status';
    const result = normalizeCsv(
      header,
      'CPS_REFERRAL,REF-1,1,WYP,13WY1,Dale,Example,CJ88116/S///Assault,NOT_STATED',
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.rejection.problems).toEqual([
      expect.objectContaining({
        path: 'offences[1]',
        message: 'common-assault flag (CA) must be Y or N; it is not stated',
      }),
    ]);
    const stated = normalizeCsv(
      header,
      'CPS_REFERRAL,REF-1,1,WYP,13WY1,Dale,Example,CJ88116/S//N/Assault,NOT_STATED',
    );
    expect(stated.ok).toBe(true);
  });
});
