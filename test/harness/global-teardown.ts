import { readFileSync, rmSync } from 'node:fs';
import { STATE_FILE } from './global-setup';
import { releaseInfra, type TestInfra } from './infra';
import { failIfProcessStaysOpen } from './open-handles';

// eslint-disable-next-line no-restricted-syntax -- Jest loads global teardown through its default export.
export default async function globalTeardown(): Promise<void> {
  let infra: TestInfra;
  try {
    infra = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as TestInfra;
  } catch {
    return; // released already (Jest calls teardown once per project)
  }
  try {
    await releaseInfra(infra);
    rmSync(STATE_FILE, { force: true });
  } finally {
    // Started after the broker's stop, which itself keeps the process busy for some seconds.
    failIfProcessStaysOpen();
  }
}
