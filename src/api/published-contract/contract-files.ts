import { EVENT_CATALOGUE, eventDataSchema, type SourceAgency } from '../../domain/catalogue';
import { DEADLINE_CHANGE_TYPES, ORDER_CHANGE_TYPES } from '../../messaging/change-messages';
import { toYaml } from './yaml';
import { HUB_DOCUMENTS, persistedQueryManifest } from '../trusted-documents';

/**
 * The published event contract, generated from the catalogue: one JSON Schema per event type under
 * schema/events/ and schema/asyncapi.yaml. `npm run schema:emit` writes them; `npm run schema:check`
 * (in .ci/run) fails when the committed files differ, so the files and the code cannot drift apart.
 */
export function contractFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const definition of EVENT_CATALOGUE) {
    files.set(`events/${definition.type}.json`, `${JSON.stringify(eventDataSchema(definition), null, 2)}\n`);
  }
  files.set('asyncapi.yaml', toYaml(asyncApiDocument()));
  files.set('trusted-documents.json', persistedQueryManifest(HUB_DOCUMENTS));
  return files;
}

const CHANNEL_DESCRIPTIONS: Record<SourceAgency, string> = {
  court: 'Accepted court events (orders, court bail, remand, hearings, sentences).',
  police: 'Accepted police events (incidents, risk, arrest, bail, RUI, DVPN/DVPO, breaches, referrals).',
  cps: 'Accepted CPS events (referral receipt, charging decisions, action plans, time limits).',
};

function asyncApiDocument(): object {
  const agencies: SourceAgency[] = ['court', 'police', 'cps'];
  const messages: Record<string, object> = {};
  for (const definition of EVENT_CATALOGUE) {
    messages[definition.name] = {
      name: definition.type,
      title: definition.title,
      summary: definition.description,
      payload: {
        allOf: [
          { $ref: '#/components/schemas/cloudEvent' },
          { properties: { data: { $ref: `./events/${definition.type}.json` } } },
        ],
      },
    };
  }
  const channels: Record<string, object> = {};
  for (const agency of agencies) {
    channels[agency] = {
      address: `shieldline.${agency}.v1`,
      description: CHANNEL_DESCRIPTIONS[agency],
      messages: Object.fromEntries(
        EVENT_CATALOGUE.filter((d) => d.agency === agency).map((d) => [
          d.name,
          { $ref: `#/components/messages/${d.name}` },
        ]),
      ),
    };
  }
  channels.deadLetters = {
    address: 'shieldline.dlq.v1',
    description: 'Rejected records with their reason code, every problem and the original bytes (base64).',
    messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
  };
  channels.changes = {
    address: 'shieldline.changes.v1',
    description:
      'Changes committed to the projections (from the outbox); every gateway replica reads all of it.',
    messages: {
      orderChanged: { $ref: '#/components/messages/orderChanged' },
      alertRaised: { $ref: '#/components/messages/alertRaised' },
      deadlineChanged: { $ref: '#/components/messages/deadlineChanged' },
      caseEvent: { $ref: '#/components/messages/caseEvent' },
    },
  };
  const operations: Record<string, object> = {};
  for (const agency of agencies) {
    operations[`publish_${agency}`] = { action: 'send', channel: { $ref: `#/channels/${agency}` } };
    operations[`project_${agency}`] = { action: 'receive', channel: { $ref: `#/channels/${agency}` } };
  }
  operations.recordDeadLetters = { action: 'receive', channel: { $ref: '#/channels/deadLetters' } };
  operations.feedSubscriptions = { action: 'receive', channel: { $ref: '#/channels/changes' } };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Shieldline event topics',
      version: '0.2.0',
      description:
        'Generated from src/domain/catalogue by `npm run schema:emit`; do not edit by hand. Every court, ' +
        'police and CPS event is a CloudEvents 1.0 structured JSON message (Kafka protocol binding) whose ' +
        '`data` matches a schema under schema/events/. The key is the aggregate (order, bail or notice ' +
        'reference, or case URN), so one aggregate’s events stay in order. A deployment may prefix every ' +
        'topic name (TOPIC_PREFIX).',
    },
    defaultContentType: 'application/cloudevents+json; charset=utf-8',
    channels,
    operations,
    components: {
      schemas: {
        cloudEvent: {
          type: 'object',
          required: [
            'specversion',
            'id',
            'source',
            'type',
            'subject',
            'datacontenttype',
            'receivedat',
            'data',
          ],
          properties: {
            specversion: { const: '1.0' },
            id: {
              type: 'string',
              description: 'Deterministic from connector + source record id + version + type + subject.',
            },
            source: { type: 'string', examples: ['urn:shieldline:connector:family-court-orders'] },
            type: { type: 'string' },
            subject: { type: 'string', description: 'The aggregate, e.g. the order reference.' },
            time: {
              type: 'string',
              format: 'date-time',
              description: 'When it happened in the source; absent when the source did not say.',
            },
            timemissing: { type: 'boolean', description: 'True when the source gave no time.' },
            sourceversion: {
              type: 'string',
              description: 'Version of the source record this event was made from.',
            },
            sourcerecordid: {
              type: 'string',
              description: "The source's own id of the record this event was made from (reconciliation).",
            },
            sourcerecordkey: {
              type: 'string',
              description:
                'What the record is in the source\'s own terms where the format names it apart from its message id (e.g. "grant", "variation 2"): with the connector, type, subject and version, one record whatever message id carries it.',
            },
            receivedat: {
              type: 'string',
              format: 'date-time',
              description: 'When the hub accepted the record.',
            },
            traceparent: {
              type: 'string',
              description:
                'CloudEvents distributed-tracing extension: the W3C trace context of the ingest that accepted the event.',
            },
            tracestate: { type: 'string', description: 'W3C tracestate, with traceparent.' },
            datacontenttype: { const: 'application/json' },
            data: { type: 'object' },
          },
        },
      },
      messages: {
        ...messages,
        deadLetter: {
          name: 'dead-letter',
          contentType: 'application/json',
          payload: {
            type: 'object',
            required: [
              'deadLetterId',
              'connector',
              'reasonCode',
              'message',
              'problems',
              'originalBase64',
              'truncated',
              'receivedAt',
            ],
            properties: {
              deadLetterId: { type: 'string', format: 'uuid' },
              connector: { type: 'string' },
              reasonCode: { type: 'string' },
              message: { type: 'string' },
              problems: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { path: { type: 'string' }, message: { type: 'string' } },
                },
              },
              contentType: { type: ['string', 'null'] },
              originalBase64: { type: 'string' },
              truncated: { type: 'boolean' },
              receivedAt: { type: 'string', format: 'date-time' },
            },
          },
        },
        orderChanged: {
          name: 'order-changed',
          contentType: 'application/json',
          payload: {
            type: 'object',
            required: ['kind', 'changeType', 'eventId', 'orderId', 'orderRef', 'policeArea'],
            properties: {
              kind: { const: 'ORDER_CHANGED' },
              changeType: { enum: [...ORDER_CHANGE_TYPES] },
              eventId: { type: 'string', format: 'uuid' },
              orderId: { type: 'string', format: 'uuid' },
              orderRef: { type: 'string' },
              policeArea: { type: ['string', 'null'] },
            },
          },
        },
        caseEvent: {
          name: 'case-event',
          contentType: 'application/json',
          payload: {
            type: 'object',
            required: [
              'kind',
              'caseUrn',
              'eventId',
              'eventType',
              'agency',
              'summary',
              'receivedAt',
              'source',
            ],
            properties: {
              kind: { const: 'CASE_EVENT' },
              caseUrn: { type: 'string' },
              policeArea: { type: ['string', 'null'] },
              eventId: { type: 'string', format: 'uuid' },
              eventType: { type: 'string' },
              agency: { type: 'string' },
              summary: { type: 'string' },
              occurredAt: { type: ['string', 'null'], format: 'date-time' },
              receivedAt: { type: 'string', format: 'date-time' },
              source: { type: 'string' },
            },
          },
        },
        alertRaised: {
          name: 'alert-raised',
          contentType: 'application/json',
          payload: {
            type: 'object',
            required: ['kind', 'alertId', 'alertKind', 'policeArea', 'subjectRef', 'message', 'raisedBy'],
            properties: {
              kind: { const: 'ALERT_RAISED' },
              alertId: { type: 'string', format: 'uuid' },
              alertKind: { type: 'string' },
              policeArea: { type: ['string', 'null'] },
              subjectRef: { type: 'string', description: 'Stream the alert belongs to, e.g. case:<URN>' },
              message: { type: 'string' },
              citation: { type: ['string', 'null'], description: 'Source of the rule behind the alert' },
              raisedBy: { type: 'string', format: 'uuid', description: 'Event that raised it' },
              raisedAt: { type: ['string', 'null'], format: 'date-time' },
            },
          },
        },
        deadlineChanged: {
          name: 'deadline-changed',
          contentType: 'application/json',
          payload: {
            type: 'object',
            required: ['kind', 'deadlineId', 'change', 'ruleId', 'policeArea', 'subjectRef', 'at'],
            properties: {
              kind: { const: 'DEADLINE_CHANGED' },
              deadlineId: {
                type: 'string',
                format: 'uuid',
                description: 'The clock (a deadline, or for ORDER_EXPIRY the order id)',
              },
              change: { enum: [...DEADLINE_CHANGE_TYPES] },
              ruleId: { type: 'string' },
              policeArea: { type: ['string', 'null'] },
              subjectRef: { type: 'string' },
              at: { type: 'string', format: 'date-time', description: 'When the clock reached it' },
            },
          },
        },
      },
    },
  };
}
