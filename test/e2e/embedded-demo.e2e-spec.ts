import { spawn, type ChildProcess } from 'node:child_process';
import { expectEventually } from '../utils/test-hub';
import { fromSource } from '../utils/from-source';

const MAIN = fromSource('src/main.ts');

/**
 * The README's run command: the built hub with no configuration runs on PGlite and the table log,
 * loads the demo orders, says it is demo-only, and answers the example query.
 */
describe('embedded demo mode (npm start with no configuration)', () => {
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      LOG_LEVEL: 'warn',
    };
    child = spawn(process.execPath, MAIN, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expectEventually(() => expect(output).toContain('Shieldline is running'), 60_000);
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('should say loudly that it is demo-only', () => {
    expect(output).toContain('EMBEDDED DEMO MODE — NOT FOR REAL DATA');
    expect(output).toContain('event log: postgres');
    expect(output).toContain('development signing key');
  });

  it('should be ready, with the demo data loaded, and say who it is', async () => {
    const base = /GraphQL at (http:\/\/\S+)\/graphql/.exec(output)![1]!;
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: {
        database: { ok: true },
        eventLog: { ok: true },
        projection: { ok: true },
        projectorLag: { ok: true },
        demoData: { ok: true },
      },
    });
    const health = (await (await fetch(`${base}/healthz`)).json()) as { status: string; hubId: string };
    expect(health.status).toBe('ok');
    expect(health.hubId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should refuse the example query without the demo token', async () => {
    const url = /GraphQL at (http:\/\/\S+)/.exec(output)![1]!;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ searchPeople(pncId: "2019/0456712K") { matchedOn } }' }),
    });
    const json = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('should answer the example query printed in the banner with the demo order', async () => {
    const url = /GraphQL at (http:\/\/\S+)/.exec(output)![1]!;
    const curlBody = /-d '(.+)'\n/.exec(output)![1]!;
    const token = /export SHIELDLINE_TOKEN=(\S+)/.exec(output)![1]!;
    const result = await expectEventually(async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
        },
        body: curlBody,
      });
      const json = (await response.json()) as {
        data: {
          searchPeople: {
            person: { pncId: string; protectiveOrders: { status: string; orderType: string }[] };
          }[];
        };
      };
      expect(json.data.searchPeople[0]!.person.protectiveOrders).toHaveLength(1);
      return json.data.searchPeople[0]!.person;
    });
    expect(result.pncId).toBe('2019/0456712K');
    expect(result.protectiveOrders[0]).toMatchObject({ orderType: 'NON_MOLESTATION', status: 'IN_FORCE' });
  });

  it('should stop cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
