import {
  isCurrentTransition,
  parseLeadOverrides,
  plannedTransitions,
  transitionAlertKind,
  transitionMessage,
  transitionsToSchedule,
  type OpenClock,
} from './clock-transitions';

const WEEK = 7 * 24 * 60;

const summaryLimit: OpenClock = {
  clockId: 'c1',
  ruleId: 'SUMMARY_TIME_LIMIT',
  dueOn: '2027-03-10',
  dueAt: null,
};
const dvpn: OpenClock = {
  clockId: 'c2',
  ruleId: 'DVPN_48_HOURS_TO_DVPO_HEARING',
  dueOn: null,
  dueAt: '2027-01-19T18:00:00.000Z',
};

describe('clock transitions', () => {
  it('should put a day clock’s moments at UK midnights: due soon a fortnight ahead, due on its last day, overdue the day after', () => {
    expect(plannedTransitions(summaryLimit)).toEqual([
      { transition: 'DUE_SOON', at: '2027-02-24T00:00:00.000Z' },
      { transition: 'DUE', at: '2027-03-10T00:00:00.000Z' },
      { transition: 'OVERDUE', at: '2027-03-11T00:00:00.000Z' },
    ]);
  });

  it('should count a summer last day from midnight BST (23:00 UTC the evening before)', () => {
    expect(plannedTransitions({ ...summaryLimit, dueOn: '2027-07-01' }).slice(1)).toEqual([
      { transition: 'DUE', at: '2027-06-30T23:00:00.000Z' },
      { transition: 'OVERDUE', at: '2027-07-01T23:00:00.000Z' },
    ]);
  });

  it('should give an hour clock a due-soon half a day ahead and an overdue at its instant, no "due today"', () => {
    expect(plannedTransitions(dvpn)).toEqual([
      { transition: 'DUE_SOON', at: '2027-01-19T06:00:00.000Z' },
      { transition: 'OVERDUE', at: '2027-01-19T18:00:00.000Z' },
    ]);
  });

  it('should raise the eight-week marking once, on its first day, with its own kind', () => {
    const marking: OpenClock = { ...summaryLimit, ruleId: 'STL_EIGHT_WEEK_MARKING', dueOn: '2027-01-13' };
    expect(plannedTransitions(marking)).toEqual([{ transition: 'DUE', at: '2027-01-13T00:00:00.000Z' }]);
    expect(transitionAlertKind('STL_EIGHT_WEEK_MARKING', 'DUE')).toBe('STL_EIGHT_WEEK_MARKING_STARTED');
  });

  it('should name an order’s end as ending, not as overdue', () => {
    const expiry: OpenClock & { description: string } = {
      clockId: 'o1',
      ruleId: 'ORDER_EXPIRY',
      dueOn: null,
      dueAt: '2027-05-01T12:00:00.000Z',
      description: 'Order NMO-1 ends',
    };
    expect(transitionAlertKind('ORDER_EXPIRY', 'OVERDUE')).toBe('ORDER_EXPIRED');
    expect(transitionMessage(expiry, 'OVERDUE')).toBe(
      'Order NMO-1 ends: has ended (at 2027-05-01T12:00:00.000Z)',
    );
    expect(transitionMessage({ ...summaryLimit, description: 'Lay it' }, 'DUE_SOON')).toBe(
      'Lay it: due soon (the last day is 2027-03-10)',
    );
  });

  it('should take a lead override per rule, and 0 turns the due-soon off', () => {
    expect(plannedTransitions(summaryLimit, { SUMMARY_TIME_LIMIT: 3 * 24 * 60 })[0]).toEqual({
      transition: 'DUE_SOON',
      at: '2027-03-07T00:00:00.000Z',
    });
    expect(plannedTransitions(summaryLimit, { SUMMARY_TIME_LIMIT: 0 }).map((p) => p.transition)).toEqual([
      'DUE',
      'OVERDUE',
    ]);
  });

  describe('which transition is current', () => {
    const [dueSoon, due, overdue] = plannedTransitions(summaryLimit);

    it('should not raise a transition before its moment', () => {
      expect(isCurrentTransition(summaryLimit, due!, new Date('2027-03-09T23:59:59.999Z'), WEEK)).toBe(false);
      expect(isCurrentTransition(summaryLimit, due!, new Date('2027-03-10T00:00:00.000Z'), WEEK)).toBe(true);
    });

    it('should raise only the latest come: a clock first seen overdue says overdue, not also due soon and due', () => {
      const now = new Date('2027-03-12T09:00:00Z');
      expect(isCurrentTransition(summaryLimit, dueSoon!, now, WEEK)).toBe(false);
      expect(isCurrentTransition(summaryLimit, due!, now, WEEK)).toBe(false);
      expect(isCurrentTransition(summaryLimit, overdue!, now, WEEK)).toBe(true);
      expect(transitionsToSchedule(summaryLimit, now, WEEK)).toEqual([overdue]);
    });

    it('should not raise a transition older than the catch-up horizon (a backfilled record years late)', () => {
      const now = new Date('2027-03-18T00:00:01Z');
      expect(isCurrentTransition(summaryLimit, overdue!, now, WEEK)).toBe(false);
      expect(transitionsToSchedule(summaryLimit, now, WEEK)).toEqual([]);
    });

    it('should raise a due-soon whose lead began long ago while it is still the clock’s state (an order arriving days before its end)', () => {
      const now = new Date('2027-03-08T12:00:00Z');
      expect(isCurrentTransition(summaryLimit, dueSoon!, now, 60)).toBe(true);
      expect(transitionsToSchedule(summaryLimit, now, 60)).toEqual([dueSoon, due, overdue]);
    });

    it('should refuse a transition the clock no longer has (moved by a variation or a new lead)', () => {
      const moved = { ...summaryLimit, dueOn: '2027-04-10' };
      expect(isCurrentTransition(moved, due!, new Date('2027-03-10T01:00:00Z'), WEEK)).toBe(false);
    });

    it('should schedule every transition still to come', () => {
      expect(transitionsToSchedule(summaryLimit, new Date('2027-01-01T00:00:00Z'), WEEK)).toEqual([
        dueSoon,
        due,
        overdue,
      ]);
      expect(transitionsToSchedule(summaryLimit, new Date('2027-02-25T00:00:00Z'), WEEK)).toEqual([
        dueSoon,
        due,
        overdue,
      ]);
    });
  });

  it('should parse lead overrides and say what it cannot read', () => {
    expect(parseLeadOverrides('SUMMARY_TIME_LIMIT=7d, DVPN_48_HOURS_TO_DVPO_HEARING=6h,X=90m')).toEqual({
      leads: { SUMMARY_TIME_LIMIT: 7 * 24 * 60, DVPN_48_HOURS_TO_DVPO_HEARING: 360, X: 90 },
      problems: [],
    });
    expect(parseLeadOverrides('summary=7 days').problems).toEqual([
      'CLOCK_DUE_SOON_LEAD entry "summary=7 days" must be RULE_ID=<n>d|h|m',
    ]);
  });
});
