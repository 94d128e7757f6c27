import { Client } from 'pg';
import { type Hub } from '../../src/app';
import { type Actor } from '../../src/security/actor';
import { AuditRepository } from '../../src/persistence/repositories/audit.repository';
import { expectEventually, startTableLogHub, testDatabaseUrl, uniqueToken } from '../utils/test-hub';

/** The chain's lock, as audit_append takes it (migration AuditChain). */
const CHAIN_LOCK = 'pg_advisory_xact_lock(1635083380, 0)';

const actor: Actor = {
  subject: 'pc-audit-append',
  agency: 'police',
  purpose: 'enforcement',
  purposes: ['enforcement'],
  roles: ['officer'],
  area: 'WYP',
  tokenId: null,
  expiresAt: Number.MAX_SAFE_INTEGER,
};

/**
 * One audit append at a time per process: what is recorded while an append waits for the chain goes in
 * the next append, together, sent when the first commits — not one append per tick, each holding a
 * connection while it waits on the same lock.
 */
describe('audit appends, one at a time (real PostgreSQL)', () => {
  let hub: Hub;
  let holder: Client;

  beforeAll(async () => {
    hub = await startTableLogHub();
    holder = new Client({ connectionString: testDatabaseUrl() });
    await holder.connect();
  });

  afterAll(async () => {
    await holder.end();
    await hub.stop();
  });

  it('should put what is recorded during an append into the next one, and lose nothing', async () => {
    const audit = new AuditRepository(hub.dataSource);
    const token = uniqueToken();
    const operation = (n: number) => `append-${token}-${n}`;
    await holder.query('BEGIN');
    await holder.query(`SELECT ${CHAIN_LOCK}`);
    const first = audit.recordRead(actor, operation(1), ['person:1']);
    // The first append is at the database, waiting for the chain.
    await expectEventually(async () => {
      const { rows } = await holder.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE query LIKE '%audit_append(%' AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      );
      expect(rows[0]!.n).toBe(1);
    });
    const second = audit.recordRead(actor, operation(2), ['person:2']);
    await new Promise((resolve) => setImmediate(resolve));
    const third = audit.recordRead(actor, operation(3), ['person:3']);
    await new Promise((resolve) => setImmediate(resolve));
    await holder.query('COMMIT');
    await Promise.all([first, second, third]);

    const rows = await hub.dataSource.query<{ operation: string; at: Date }[]>(
      `SELECT operation, at FROM audit_record WHERE operation LIKE $1 ORDER BY audit_id`,
      [`append-${token}-%`],
    );
    expect(rows.map((r) => r.operation)).toEqual([operation(1), operation(2), operation(3)]);
    // Two appends: the first alone, then the two recorded while it waited (one batch shares its time).
    expect(new Set(rows.map((r) => r.at.toISOString())).size).toBe(2);
    expect(rows[1]!.at.toISOString()).toBe(rows[2]!.at.toISOString());
  });

  it('should still append, and reject each caller, when an append fails', async () => {
    const audit = new AuditRepository(hub.dataSource);
    const token = uniqueToken();
    // A record id the database refuses (a NUL byte in text) fails its whole append.
    await expect(audit.recordRead(actor, `bad-${token}`, ['person:\u0000'])).rejects.toThrow();
    await expect(audit.recordRead(actor, `good-${token}`, ['person:4'])).resolves.toBeUndefined();
    const [row] = await hub.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_record WHERE operation = $1`,
      [`good-${token}`],
    );
    expect(row!.n).toBe(1);
  });
});
