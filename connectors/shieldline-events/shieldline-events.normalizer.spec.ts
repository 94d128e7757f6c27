import { EVENT_CATALOGUE } from '../contract';
import { caseScenario } from '../../test/factories/case-scenario.factory';
import { normalizeShieldlineEvent } from './shieldline-events.normalizer';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('normalizeShieldlineEvent', () => {
  const scenario = caseScenario({ token: 'FIXED01' });

  it('should accept every record of the scenario, which covers every event type a source may send', () => {
    const types = new Set<string>();
    for (const record of scenario.records) {
      const result = normalizeShieldlineEvent(bytes(record));
      expect(result).toEqual(expect.objectContaining({ ok: true }));
      if (result.ok) types.add(result.drafts[0]!.type);
    }
    // A hub event (a reviewer's decision) is refused at every door (checkRecord), so no scenario holds one.
    const fromSources = EVENT_CATALOGUE.filter((d) => d.origin !== 'hub');
    expect([...types].sort()).toEqual(fromSources.map((d) => d.type).sort());
  });

  it('should take the subject from the field the catalogue names and keep a missing time missing', () => {
    const attendance = scenario.records.find((r) => r.type.includes('voluntary-attendance'))!;
    const result = normalizeShieldlineEvent(bytes(attendance));
    expect(result.ok && result.drafts[0]).toEqual(
      expect.objectContaining({ subject: scenario.caseUrn, occurredAt: null, sourceRecordVersion: '1' }),
    );
    const bail = scenario.records.find((r) => r.type.endsWith('police.bail.varied.v1'))!;
    const varied = normalizeShieldlineEvent(bytes(bail));
    expect(varied.ok && varied.drafts[0]!.subject).toBe(scenario.refs.preChargeBail);
  });

  it('should refuse an unknown event type as an unknown code', () => {
    const result = normalizeShieldlineEvent(
      bytes({ ...scenario.records[0], type: 'uk.shieldline.police.nope.v1' }),
    );
    expect(!result.ok && result.rejection.reason).toBe('UNKNOWN_CODE');
    expect(!result.ok && result.rejection.problems).toEqual([
      { path: '/type', message: 'unknown event type "uk.shieldline.police.nope.v1"' },
    ]);
  });

  it('should name every problem in data, with JSON pointers into the record', () => {
    const referral = scenario.records.find((r) => r.type.endsWith('referral.sent.v1'))!;
    const { bailStatus: _dropped, ...withoutBail } = referral.data;
    const result = normalizeShieldlineEvent(bytes({ ...referral, data: { ...withoutBail, extra: 1 } }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.reason).toBe('SCHEMA_INVALID');
    expect(result.rejection.problems).toEqual(
      expect.arrayContaining([
        { path: '/data/bailStatus', message: 'is required' },
        { path: '/data/extra', message: 'is not a known field' },
      ]),
    );
  });

  it('should refuse impossible dates as IMPOSSIBLE_DATE', () => {
    const record = scenario.records[0]!;
    const result = normalizeShieldlineEvent(bytes({ ...record, occurredAt: '2026-02-30T10:00:00Z' }));
    expect(!result.ok && result.rejection.reason).toBe('IMPOSSIBLE_DATE');
  });

  it('should refuse bodies that are not JSON objects and unknown envelope fields', () => {
    expect(normalizeShieldlineEvent(Buffer.from('{"a":')).ok).toBe(false);
    const array = normalizeShieldlineEvent(bytes([1]));
    expect(!array.ok && array.rejection.reason).toBe('SCHEMA_INVALID');
    const extra = normalizeShieldlineEvent(bytes({ ...scenario.records[0], sneaky: true }));
    expect(!extra.ok && extra.rejection.problems).toEqual([
      { path: '/sneaky', message: 'is not a known field' },
    ]);
  });
});
