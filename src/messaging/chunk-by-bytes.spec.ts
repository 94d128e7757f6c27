import { chunkByBytes } from './kafka-event-log';

const message = (key: string, size: number) => ({ key, value: Buffer.alloc(size) });

describe('chunkByBytes', () => {
  it('should keep each produce request under the byte limit, in order, with an oversized message alone', () => {
    const chunks = chunkByBytes(
      [
        ['court', [message('a', 400), message('b', 400)]],
        ['police', [message('c', 300), message('d', 2000), message('e', 10)]],
      ],
      1000,
    );
    expect(chunks.map((c) => c.map(([topic, ms]) => `${topic}:${ms.map((m) => m.key).join('')}`))).toEqual([
      ['court:ab'],
      ['police:c'],
      ['police:d'],
      ['police:e'],
    ]);
  });
});
