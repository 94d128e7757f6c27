import { CaseLookupService, type CaseReadPort } from './case-lookup.service';
import { type DeadlineRecord } from './read-records';
import { type AuditPort } from './officer-lookup.service';

const noReads = {} as CaseReadPort;
const noAudit: AuditPort = { recordRead: () => Promise.resolve() };

const deadline = (overrides: Partial<DeadlineRecord>): DeadlineRecord => ({
  access: {
    id: 'deadline:d',
    labels: { dataClass: 'CASE', policeArea: 'WYP', restrictedTo: null, confidentialAddress: true },
    personIds: [],
  },
  deadlineId: 'd',
  streamKey: 'case:U',
  ruleId: 'JJP_CHARGING_DECISION_10_WORKING_DAYS',
  description: '',
  citation: 'joint-justice-plan.txt:74',
  verified: true,
  dueOn: '2026-11-26',
  dueAt: null,
  policeArea: 'WYP',
  subjectRef: 'U',
  metBy: null,
  ...overrides,
});

describe('CaseLookupService.deadlineView (status as of now, Europe/London days)', () => {
  const at = (iso: string) => new CaseLookupService(noReads, noAudit, () => new Date(iso));

  it('should run until the due day, be due on it and overdue the day after', () => {
    expect(at('2026-11-25T23:59:59Z').deadlineView(deadline({})).status).toBe('RUNNING');
    expect(at('2026-11-26T00:00:00Z').deadlineView(deadline({})).status).toBe('DUE_TODAY');
    expect(at('2026-11-27T00:00:00Z').deadlineView(deadline({})).status).toBe('OVERDUE');
  });

  it('should use the London calendar day, not UTC (23:30 UTC in summer is already tomorrow)', () => {
    const summer = deadline({ dueOn: '2026-07-01' });
    expect(at('2026-06-30T23:30:00Z').deadlineView(summer).status).toBe('DUE_TODAY');
  });

  it('should count hour-based clocks to the instant and show met clocks as met', () => {
    const dvpn = deadline({ dueOn: null, dueAt: new Date('2026-11-04T04:00:00Z') });
    expect(at('2026-11-04T03:59:59Z').deadlineView(dvpn).status).toBe('RUNNING');
    expect(at('2026-11-04T04:00:00Z').deadlineView(dvpn).status).toBe('OVERDUE');
    expect(at('2027-01-01T00:00:00Z').deadlineView(deadline({ metBy: 'e' })).status).toBe('MET');
  });
});
