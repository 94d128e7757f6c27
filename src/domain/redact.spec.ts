import { type OrderView } from './read-records';
import { redactOrder } from './redact';

const order = (confidential: boolean): OrderView =>
  ({
    access: {
      id: 'order:o',
      labels: {
        dataClass: 'ORDERS',
        policeArea: 'WYP',
        restrictedTo: null,
        confidentialAddress: confidential,
      },
      personIds: [],
    },
    protectedParties: [
      {
        name: { given: 'A', family: 'B' },
        dateOfBirth: null,
        pncId: null,
        address: { line1: '14 Harrow Close', line2: null, town: 'Leeds', postcode: 'LS6 2QT' },
        addressConfidential: confidential,
      },
    ],
    conditions: [
      { paragraph: '1', code: null, text: 'Not to go within 100 metres of 14 Harrow Close, Leeds LS6 2QT' },
    ],
    exclusionZones: [{ description: 'Harrow Close, Leeds', postcode: 'LS6 2QT', radiusMetres: 100 }],
    versions: [
      {
        version: 1,
        eventId: 'e1',
        eventType: 'uk.shieldline.court.order.granted.v1',
        at: null,
        conditions: [{ paragraph: '1', code: null, text: 'Not to enter 14 Harrow Close, Leeds LS6 2QT' }],
        exclusionZones: [{ description: 'Harrow Close, Leeds', postcode: 'LS6 2QT', radiusMetres: 50 }],
      },
      // Projected before versions kept their content: nothing to withhold, nothing invented.
      { version: 2, eventId: 'e2', eventType: 'uk.shieldline.court.order.served.v1', at: null },
    ],
    endedReason: null,
  }) as unknown as OrderView;

describe('what an order shows of its addresses under each decision', () => {
  it('should show everything within its own area', () => {
    const o = order(true);
    expect(redactOrder(o, 'ALL')).toBe(o);
  });

  it('should withhold a confidential address, structured and in free text, from another area', () => {
    const shown = redactOrder(order(true), 'NON_CONFIDENTIAL');
    expect(shown.protectedParties[0]!.address).toBeNull();
    expect(shown.conditions[0]!.text).toBe('Not to go within 100 metres of [address withheld]');
    expect(shown.exclusionZones[0]).toEqual({
      description: '[address withheld]',
      postcode: null,
      radiusMetres: 100,
    });
  });

  it('should leave an order without a confidential address as it is for another area', () => {
    const o = order(false);
    expect(redactOrder(o, 'NON_CONFIDENTIAL')).toBe(o);
  });

  it('should withhold every address from a caller not entitled to addresses', () => {
    const shown = redactOrder(order(false), 'NONE');
    expect(shown.protectedParties[0]!.address).toBeNull();
    expect(shown.conditions[0]!.text).not.toContain('Harrow');
    expect(shown.exclusionZones[0]!.postcode).toBeNull();
  });

  it('should withhold the addresses in earlier versions the same way as in the order', () => {
    const shown = redactOrder(order(true), 'NON_CONFIDENTIAL');
    expect(shown.versions[0]!.conditions![0]!.text).toBe('Not to enter [address withheld]');
    expect(shown.versions[0]!.exclusionZones).toEqual([
      { description: '[address withheld]', postcode: null, radiusMetres: 50 },
    ]);
    expect(shown.versions[1]).toEqual({
      version: 2,
      eventId: 'e2',
      eventType: 'uk.shieldline.court.order.served.v1',
      at: null,
    });
    expect(JSON.stringify(redactOrder(order(false), 'NONE').versions)).not.toMatch(/Harrow|LS6/);
  });
});
