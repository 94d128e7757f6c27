import { type ConsumedMessage } from '../messaging/event-log.port';
import { logChange, messageDigest } from './log-binding';

const message = (offset: number, text: string): ConsumedMessage => ({
  topic: 'court',
  partition: 0,
  offset: String(offset),
  key: 'k',
  value: Buffer.from(text),
});

const LOG = 'kafka:cluster-a';
const stored = { next: 3n, logId: LOG, lastDigest: messageDigest(Buffer.from('third')) };

describe('whether a batch comes from the log a position was read from', () => {
  it('should accept a first read, a continuation and a redelivery of what was read', () => {
    expect(logChange(null, { messages: [message(0, 'first')], highWatermark: '1' }, LOG)).toBeNull();
    expect(logChange(stored, { messages: [message(3, 'fourth')], highWatermark: '4' }, LOG)).toBeNull();
    const redelivered = [message(1, 'second'), message(2, 'third'), message(3, 'fourth')];
    expect(logChange(stored, { messages: redelivered, highWatermark: '4' }, LOG)).toBeNull();
  });

  it('should refuse a position read from another cluster', () => {
    const batch = { messages: [message(3, 'fourth')], highWatermark: '4' };
    expect(logChange(stored, batch, 'kafka:cluster-b')).toMatchObject({
      kind: 'changed',
      reason: expect.stringMatching(/read from log kafka:cluster-a/) as string,
    });
  });

  it('should call a partition that now ends below the position behind (recreated, or a new leader catching up)', () => {
    const batch = { messages: [message(0, 'new order')], highWatermark: '1' };
    expect(logChange(stored, batch, LOG)).toMatchObject({
      kind: 'behind',
      reason: expect.stringMatching(/ends at offset 1.*read up to offset 3/) as string,
    });
  });

  it('should refuse a partition whose message at the last offset read is a different one', () => {
    const batch = {
      messages: [message(0, 'a'), message(1, 'b'), message(2, 'not the third'), message(3, 'd')],
      highWatermark: '4',
    };
    expect(logChange(stored, batch, LOG)).toMatchObject({
      kind: 'changed',
      reason: expect.stringMatching(/offset 2 is not the one/) as string,
    });
  });

  it('should bind positions stored before logs had identities, without refusing them', () => {
    const legacy = { next: 3n, logId: null, lastDigest: null };
    expect(logChange(legacy, { messages: [message(2, 'x')], highWatermark: '3' }, LOG)).toBeNull();
  });
});
