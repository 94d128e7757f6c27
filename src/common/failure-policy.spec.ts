import { ShieldlineError } from '../common/errors';
import { decideOnFailure } from './failure-policy';

describe('decideOnFailure', () => {
  it('should dead-letter a record that can never succeed', () => {
    expect(decideOnFailure(new ShieldlineError('ENVELOPE_INVALID', 'bad envelope'))).toBe('DEAD_LETTER');
  });

  it('should retry transient failures and anything unclassified', () => {
    expect(decideOnFailure(new ShieldlineError('EVENT_LOG_UNAVAILABLE', 'down', { retriable: true }))).toBe(
      'RETRY',
    );
    expect(decideOnFailure(new Error('Connection terminated unexpectedly'))).toBe('RETRY');
  });
});
