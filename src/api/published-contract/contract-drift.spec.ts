import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findContractDrift } from './contract-drift';

const SCHEMA_DIR = join(__dirname, '../../../schema');

describe('findContractDrift', () => {
  it('should find the committed schema files in step with the code', () => {
    expect(findContractDrift(SCHEMA_DIR)).toEqual([]);
  });

  it('should report a missing schema, an edited one and an orphaned one', () => {
    const copy = mkdtempSync(join(tmpdir(), 'drift-'));
    try {
      cpSync(SCHEMA_DIR, copy, { recursive: true });
      rmSync(join(copy, 'events', 'uk.shieldline.court.order.served.v1.json'));
      writeFileSync(join(copy, 'events', 'uk.shieldline.police.bail.granted.v1.json'), '{}\n');
      writeFileSync(join(copy, 'events', 'uk.shieldline.court.order.renamed.v1.json'), '{}\n');
      expect(findContractDrift(copy)).toEqual([
        'schema/events/uk.shieldline.court.order.served.v1.json is missing',
        'schema/events/uk.shieldline.police.bail.granted.v1.json differs from the code',
        'schema/events/uk.shieldline.court.order.renamed.v1.json describes no event type the code emits',
      ]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
