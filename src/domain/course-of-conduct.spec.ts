import { type BreachRecord, type ConductEntry, courseOfConduct } from './course-of-conduct';

const entry = (
  kind: ConductEntry['kind'],
  at: string | null,
  extra: Partial<ConductEntry> = {},
): ConductEntry => ({
  kind,
  at: at && at.length > 10 ? new Date(at) : null,
  on: at && at.length === 10 ? at : null,
  reference: `${kind}-${at ?? 'untimed'}`,
  policeArea: 'WYP',
  summary: kind,
  riskLevel: null,
  ...extra,
});
const breach = (outcomes: BreachRecord['outcomes']) => ({ outcomes }) as BreachRecord;
const asOf = new Date('2026-06-30T12:00:00Z');
const build = (entries: ConductEntry[], breaches: BreachRecord[] = []) =>
  courseOfConduct({ perpetratorId: 'p', victimId: 'v', asOf, entries, breaches });

describe('courseOfConduct', () => {
  it('should order entries by time, a dated-only entry by its day, untimed ones last', () => {
    const result = build([
      entry('BREACH', null),
      entry('INCIDENT', '2026-03-01T22:00:00Z'),
      entry('BAIL', '2026-02-10'),
      entry('ORDER', '2026-02-09T10:00:00Z'),
    ]);
    expect(result.entries.map((e) => e.kind)).toEqual(['ORDER', 'BAIL', 'INCIDENT', 'BREACH']);
    // A date without a time is kept as a date: never given a made-up time.
    expect(result.entries[1]).toEqual(expect.objectContaining({ at: null, on: '2026-02-10' }));
  });

  it('should see frequency rising when the last 90 days hold two or more, and more than the 90 before', () => {
    const rising = build([
      entry('INCIDENT', '2026-02-01T10:00:00Z'), // previous window (2026-01-01 .. 2026-04-01)
      entry('INCIDENT', '2026-05-01T10:00:00Z'),
      entry('BREACH', '2026-06-01T10:00:00Z'),
    ]);
    expect(rising.escalation).toEqual(
      expect.objectContaining({
        windowDays: 90,
        recentIncidentsAndBreaches: 2,
        previousIncidentsAndBreaches: 1,
        frequencyRising: true,
        escalating: true,
      }),
    );
    const steady = build([
      entry('INCIDENT', '2026-02-01T10:00:00Z'),
      entry('INCIDENT', '2026-02-15T10:00:00Z'),
      entry('INCIDENT', '2026-05-01T10:00:00Z'),
      entry('BREACH', '2026-06-01T10:00:00Z'),
    ]);
    expect(steady.escalation).toEqual(expect.objectContaining({ frequencyRising: false, escalating: false }));
    // One incident is not a pattern, however quiet the window before.
    expect(build([entry('INCIDENT', '2026-06-01T10:00:00Z')]).escalation.frequencyRising).toBe(false);
  });

  it('should see risk rising from the first assessment to the latest', () => {
    const result = build([
      entry('RISK_ASSESSMENT', '2025-11-01', { riskLevel: 'STANDARD' }),
      entry('RISK_ASSESSMENT', '2026-04-01', { riskLevel: 'HIGH' }),
    ]);
    expect(result.escalation).toEqual(
      expect.objectContaining({
        firstRiskLevel: 'STANDARD',
        latestRiskLevel: 'HIGH',
        riskRising: true,
        escalating: true,
      }),
    );
    expect(build([entry('RISK_ASSESSMENT', '2026-04-01', { riskLevel: 'HIGH' })]).escalation.riskRising).toBe(
      false,
    );
  });

  it('should count breaches after the first protection, and breaches nobody was arrested or charged for', () => {
    const result = build(
      [
        entry('BREACH', '2025-12-01T10:00:00Z'),
        entry('NOTICE', '2026-01-01T10:00:00Z'),
        entry('BREACH', '2026-01-20T10:00:00Z'),
        entry('BREACH', '2026-02-20T10:00:00Z'),
      ],
      [
        breach([]),
        breach([{ outcome: 'NO_FURTHER_ACTION', reason: null, at: null }]),
        breach([
          { outcome: 'ARRESTED', reason: null, at: null },
          { outcome: 'NO_FURTHER_ACTION', reason: null, at: null },
        ]),
      ],
    );
    expect(result.escalation.breachesOfProtection).toBe(2);
    expect(result.escalation.escalating).toBe(true);
    // An arrest counts as enforcement even when it ended in no further action; no outcome at all does not.
    expect(result.counts).toEqual(
      expect.objectContaining({ breaches: 3, breachesNotEnforced: 2, notices: 1, incidents: 0 }),
    );
  });
});
