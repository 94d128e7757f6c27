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
import { type Actor } from '../security/actor';
import { type AccessStep } from '../security/access-step';

/**
 * Operators list dead letters and send one through its connector again — typically after the connector
 * was fixed or a reference code was added. The original bytes go through the same path as a live push,
 * so the result is either accepted events (deduplicated by id as usual) or a new dead letter.
 */
export class DeadLetterService {
  constructor(
    private readonly repository: DeadLetterRepository,
    /** null where only reading (the CLI's list and show): re-drive then refuses. */
    private readonly ingest: IngestService | null,
    private readonly findConnector: (id: string) => ConnectorDefinition | undefined,
    private readonly access: AccessStep,
  ) {}

  /**
   * Dead letters hold raw source records (anything at all): every read needs the DEAD_LETTERS grant and
   * is audited with the ids read, from the API and the CLI alike.
   */
  async list(actor: Actor, filter: DeadLetterFilter): Promise<StoredDeadLetter[]> {
    await this.access.require(actor, 'DEAD_LETTERS', 'deadLetters');
    const letters = await this.repository.list(filter);
    await this.audited(actor, letters);
    return letters;
  }

  async page(actor: Actor, filter: DeadLetterFilter, page: PageRequest): Promise<Page<StoredDeadLetter>> {
    await this.access.require(actor, 'DEAD_LETTERS', 'deadLetters');
    const read = await this.repository.page(filter, page);
    await this.audited(
      actor,
      read.items.map((i) => i.node),
    );
    return read;
  }

  async get(actor: Actor, deadLetterId: string): Promise<StoredDeadLetter | null> {
    await this.access.require(actor, 'DEAD_LETTERS', 'deadLetter', [`dead-letter:${deadLetterId}`]);
    const letter = await this.repository.get(deadLetterId);
    if (letter) await this.audited(actor, [letter]);
    return letter;
  }

  private audited(actor: Actor, letters: readonly StoredDeadLetter[]): Promise<void> {
    return this.access.recordRead(
      actor,
      'deadLetters',
      letters.map((l) => `dead-letter:${l.deadLetterId}`),
    );
  }

  async redrive(actor: Actor, deadLetterId: string): Promise<RedriveOutcome> {
    await this.access.require(actor, 'DEAD_LETTERS', 'redriveDeadLetter', [`dead-letter:${deadLetterId}`]);
    const operator = actor.subject;
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
    if (!this.ingest)
      throw new ShieldlineError('DEAD_LETTER_NOT_REDRIVABLE', 'no event log to re-drive into');
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
