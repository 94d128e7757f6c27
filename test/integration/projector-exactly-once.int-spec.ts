import { describeProjectorExactlyOnce } from '../utils/projector-exactly-once.suite';
import { startTableLogHub } from '../utils/test-hub';

describeProjectorExactlyOnce('the table event log', () => startTableLogHub({ ROLES: 'ingest' }));
