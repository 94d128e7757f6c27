import { IngestAdmission } from './admission';

describe('IngestAdmission', () => {
  it('admits up to its bound, refuses the next, and admits again once a slot is released', () => {
    const changes: number[] = [];
    const shed: string[] = [];
    const door = new IngestAdmission(2, {
      ingestInFlight: (delta) => changes.push(delta),
      ingestShed: (connector) => shed.push(connector),
    });
    const first = door.tryAdmit('c');
    const second = door.tryAdmit('c');
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(door.tryAdmit('c')).toBeNull();
    expect(door.inFlight).toBe(2);
    first!();
    expect(door.inFlight).toBe(1);
    expect(door.tryAdmit('c')).not.toBeNull();
    expect(changes).toEqual([1, 1, -1, 1]);
    expect(shed).toEqual(['c']);
  });

  it('releases a slot once however often its release is called', () => {
    const door = new IngestAdmission(1);
    const slot = door.tryAdmit('c')!;
    slot();
    slot();
    expect(door.inFlight).toBe(0);
    expect(door.tryAdmit('c')).not.toBeNull();
    expect(door.tryAdmit('c')).toBeNull();
  });

  it('refuses a bound that admits nothing', () => {
    expect(() => new IngestAdmission(0)).toThrow(RangeError);
  });
});
