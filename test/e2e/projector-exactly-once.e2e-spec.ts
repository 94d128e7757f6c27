import { describeProjectorExactlyOnce } from '../utils/projector-exactly-once.suite';
import { startTestHub } from '../utils/test-hub';

describeProjectorExactlyOnce('real Kafka', () => startTestHub({ ROLES: 'ingest' }));
