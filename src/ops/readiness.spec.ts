import { readiness, ReadinessProblem } from './readiness';

describe('readiness', () => {
  it('should be ready only when every check answers, naming what is not, without its internals', async () => {
    const result = await readiness([
      { name: 'database', check: () => undefined },
      {
        name: 'eventLog',
        check: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:9092')),
      },
      { name: 'demoLoaded', check: () => undefined },
    ]);
    expect(result).toEqual({
      ready: false,
      checks: {
        database: { ok: true },
        eventLog: { ok: false, detail: 'not available' },
        demoLoaded: { ok: true },
      },
    });
  });

  it('should not wait for a check that never answers beyond the bound', async () => {
    const result = await readiness([{ name: 'stuck', check: () => new Promise<void>(() => undefined) }], 50);
    expect(result).toEqual({
      ready: false,
      checks: { stuck: { ok: false, detail: 'no answer within 50 ms' } },
    });
  });

  it('should be ready when everything answers', async () => {
    expect(await readiness([{ name: 'database', check: () => Promise.resolve() }])).toEqual({
      ready: true,
      checks: { database: { ok: true } },
    });
  });

  it('should pass on a problem written for operators, and only that', async () => {
    const result = await readiness([
      { name: 'projection', check: () => Promise.reject(new ReadinessProblem('2 partition(s) halted')) },
    ]);
    expect(result.checks.projection).toEqual({ ok: false, detail: '2 partition(s) halted' });
  });
});
