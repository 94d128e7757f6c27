import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, raw, stream };
}

describe('structured logs', () => {
  it('should write one JSON line with time, level, component, message and fields', () => {
    const { lines, stream } = capture();
    createLogger('info', 'shieldline', stream)
      .child('ingest')
      .info('record rejected', { reason: 'UNPARSEABLE' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      component: 'shieldline.ingest',
      msg: 'record rejected',
      reason: 'UNPARSEABLE',
    });
    expect(new Date(lines[0]!.t as string).toISOString()).toBe(lines[0]!.t);
  });

  it('should carry request and trace ids on every line of a scoped logger, with no key written twice', () => {
    const { lines, raw, stream } = capture();
    const request = createLogger('info', 'shieldline', stream).with({ requestId: 'r-1', traceId: 'abc' });
    request.child('http').warn('slow');
    expect(lines[0]).toMatchObject({ component: 'shieldline.http', requestId: 'r-1', traceId: 'abc' });
    expect(raw[0]!.match(/"component"/g)).toHaveLength(1);
  });

  it('should write nothing below its level', () => {
    const { lines, stream } = capture();
    const logger = createLogger('warn', 'shieldline', stream);
    logger.info('quiet');
    logger.debug('quieter');
    expect(lines).toHaveLength(0);
    createLogger('silent', 'shieldline', stream).error('nothing at all');
    expect(lines).toHaveLength(0);
  });
});
