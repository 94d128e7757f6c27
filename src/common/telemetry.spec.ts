import { secondsSince, sourceLabel } from './telemetry';

describe('telemetry labels and clocks', () => {
  it('should name the connector an event came from, and nothing else', () => {
    expect(sourceLabel('urn:shieldline:connector:family-court-orders')).toBe('family-court-orders');
    // A label is never free text from a message: anything else is one bounded value.
    expect(sourceLabel('test/poison')).toBe('other');
  });

  it('should measure seconds since an instant, never negative, and nothing for a missing time', () => {
    const now = Date.parse('2026-12-02T10:00:01.500Z');
    expect(secondsSince('2026-12-02T10:00:00.000Z', now)).toBe(1.5);
    // A source clock slightly ahead of the hub's is not a negative latency.
    expect(secondsSince('2026-12-02T10:00:02.000Z', now)).toBe(0);
    expect(secondsSince(undefined, now)).toBeNull();
    expect(secondsSince('not a time', now)).toBeNull();
  });
});
