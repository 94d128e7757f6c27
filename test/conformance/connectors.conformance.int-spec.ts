import { CONNECTORS } from '../../connectors';
import { type Hub } from '../../src/app';
import { startTableLogHub } from '../utils/test-hub';
import { describeConnectorConformance } from './connector-conformance';

let hub: Hub;

beforeAll(async () => {
  hub = await startTableLogHub();
});

afterAll(async () => {
  await hub.stop();
});

for (const connector of CONNECTORS) describeConnectorConformance(connector, () => hub);
