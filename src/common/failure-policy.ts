import { ShieldlineError } from './errors';

export type FailureDecision = 'RETRY' | 'DEAD_LETTER';

/**
 * The one place that decides what happens to a record whose handling failed:
 * - a ShieldlineError that is not retriable describes the record itself (undecodable envelope, invalid
 *   payload, unknown code): trying again cannot help, so it is dead-lettered with its bytes;
 * - anything retriable, and any error we did not classify (a dropped database connection, a broker
 *   restart), is retried: the batch is not acknowledged and the log delivers it again. Nothing is
 *   dead-lettered on a guess.
 */
export function decideOnFailure(err: unknown): FailureDecision {
  return err instanceof ShieldlineError && !err.retriable ? 'DEAD_LETTER' : 'RETRY';
}
