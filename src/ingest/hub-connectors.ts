import {
  type ConnectorDefinition,
  JSON_FILE_TYPES,
  JSON_READERS,
  parseJson,
  reject,
} from '../../connectors/contract';
import { EVENT_TYPES } from '../domain/canonical-events';
import { type LinkDecisionRecord } from '../domain/person-link-records';

/**
 * Records the hub makes itself, sent through the same ingest path as a source's (catalogue check, event
 * log, dead letters, exactly-once projection), so they are events like any other: replayed by a rebuild,
 * kept however the database is restored from the log. These connectors are not registered with any door
 * (no HTTP, file drop or CLI): `checkRecord` refuses a hub event type from every other connector, so no
 * source can forge a reviewer's decision.
 */
export const PERSON_LINK_DECISIONS_CONNECTOR_ID = 'hub-person-link-decisions';

/** The decision as the hub records it: the event's data, and when it was made (the event time). */
export interface DecisionRecord extends Omit<LinkDecisionRecord, 'decidedAt'> {
  decidedAt: string;
}

export const personLinkDecisionsConnector: ConnectorDefinition = {
  id: PERSON_LINK_DECISIONS_CONNECTOR_ID,
  agency: 'police',
  contractVersion: 1,
  readers: JSON_READERS,
  fileTypes: JSON_FILE_TYPES,
  normalize: (bytes) => {
    const parsed = parseJson(bytes);
    if (!parsed.ok) return reject(parsed.reason, [parsed.problem]);
    const { decidedAt, ...data } = parsed.value as DecisionRecord;
    return {
      ok: true,
      drafts: [
        {
          type: EVENT_TYPES.personLinkDecided,
          subject: data.personA,
          occurredAt: decidedAt,
          sourceRecordId: data.decisionId,
          sourceRecordVersion: '1',
          data,
        },
      ],
    };
  },
};

/** The ids of the connectors only the hub itself sends through. */
export const HUB_CONNECTOR_IDS: ReadonlySet<string> = new Set([PERSON_LINK_DECISIONS_CONNECTOR_ID]);
