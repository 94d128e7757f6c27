import { type Page, type PageRequest } from '../domain/page';
import { type ConnectorDefinition } from '../../connectors/contract/connector';
import { ShieldlineError } from '../common/errors';
import {
  type DeadLetterFilter,
  type DeadLetterRepository,
  type RedriveOutcome,
  type StoredDeadLetter,
} from '../persistence/repositories/dead-letter.repository';
import { type IngestService } from './ingest.service';

/**
 * Operators list dead letters and send one through its connector again — typically after the connector
 * was fixed or a reference code was added. The original bytes go through the same path as a live push,
 * so the result is either accepted events (deduplicated by id as usual) or a new dead letter.
 */
export class DeadLetterService {
  constructor(
    private readonly repository: DeadLetterRepository,
    private readonly ingest: IngestService,
    private readonly findConnector: (id: string) => ConnectorDefinition | undefined,
  ) {}

  list(filter: DeadLetterFilter): Promise<StoredDeadLetter[]> {
    return this.repository.list(filter);
  }

  page(filter: DeadLetterFilter, page: PageRequest): Promise<Page<StoredDeadLetter>> {
    return this.repository.page(filter, page);
  }

  get(deadLetterId: string): Promise<StoredDeadLetter | null> {
    return this.repository.get(deadLetterId);
  }

  async redrive(deadLetterId: string, operator: string): Promise<RedriveOutcome> {
    const deadLetter = await this.repository.get(deadLetterId);
    if (!deadLetter) throw new ShieldlineError('DEAD_LETTER_NOT_FOUND', `no dead letter ${deadLetterId}`);
    const connector = this.findConnector(deadLetter.connector);
    if (!connector) {
      throw new ShieldlineError(
        'DEAD_LETTER_NOT_REDRIVABLE',
        `dead letter ${deadLetterId} came from "${deadLetter.connector}", which is not a connector (an unreadable log message); inspect it instead`,
      );
    }
    if (deadLetter.truncated) {
      throw new ShieldlineError(
        'DEAD_LETTER_NOT_REDRIVABLE',
        `dead letter ${deadLetterId} kept only the first ${deadLetter.originalBytes.length} bytes of an oversized record; ask the source to send it again`,
      );
    }
    if (!(await this.repository.claim(deadLetterId, operator))) {
      throw new ShieldlineError(
        'DEAD_LETTER_ALREADY_REDRIVEN',
        `dead letter ${deadLetterId} was already re-driven`,
      );
    }
    let result: RedriveOutcome;
    try {
      const outcome = await this.ingest.ingest(connector, {
        bytes: deadLetter.originalBytes,
        contentType: deadLetter.contentType,
        single: true,
      });
      result =
        outcome.status === 'ACCEPTED'
          ? { outcome: 'ACCEPTED', eventIds: outcome.events.map((e) => e.id) }
          : { outcome: 'REJECTED_AGAIN', newDeadLetterId: outcome.deadLetterId };
    } catch (err) {
      await this.repository.release(deadLetterId);
      throw err;
    }
    await this.repository.complete(deadLetterId, result);
    return result;
  }
}
