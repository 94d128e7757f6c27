import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express from 'express';
import { type DataSource } from 'typeorm';
import { familyCourtConnector } from '../connectors/family-court-orders/family-court.connector';
import { CONNECTORS, findConnector } from '../connectors';
import { FileDropWatcher } from './ingest/file-drop';
import { LocalSink } from './ingest/connector-runtime';
import { DestinationCheckpoints, PostgresCheckpointStore } from './persistence/repositories/checkpoint-store';
import { type AuthConfig, type Config, isEmbedded, type Role } from './config/config';
import { ShieldlineError } from './common/errors';
import { createTokenVerifier } from './security/identity';
import { RevocationList } from './security/revocation';
import { type Logger } from './common/logger';
import { acceptableRequestId, withWorkContext } from './common/request-context';
import { withIncomingTrace } from './common/tracing';
import { startTracing } from './ops/tracing';
import { demoFamilyCourtMessages } from './demo/demo-data';
import { loadDemoDataset } from './demo/load-demo';
import { CaseLookupService } from './domain/case-lookup.service';
import { OfficerLookupService } from './domain/officer-lookup.service';
import { DeadLetterService } from './ingest/dead-letter.service';
import { mountGateway, type Gateway } from './api/gateway';
import { consoleRouter, defaultConsoleDir } from './api/console';
import { HUB_DOCUMENTS, TrustedDocuments } from './api/trusted-documents';
import { buildGatewaySchema } from './api/schema';
import { ChangeFeed, createGatewayPubSub } from './api/subscriptions/change-feed';
import { IngestService } from './ingest/ingest.service';
import { IngestAdmission } from './ingest/admission';
import { ingestRouter } from './ingest/http-ingest';
import { type EventLog } from './messaging/event-log.port';
import { KafkaEventLog } from './messaging/kafka-event-log';
import { PostgresEventLog } from './messaging/postgres-event-log';
import { allTopics, forceTopicName, projectorGroupId, topicNames, type Topics } from './messaging/topics';
import { ForceDeliveryWorker } from './delivery/force-delivery';
import { deliveryAdminStore } from './delivery/delivery-admin-store';
import { acknowledgementRouter } from './delivery/acknowledgement-route';
import { GovUkNotifySender } from './delivery/notify-client';
import { notifyStatusRouter } from './delivery/notify-status-route';
import { VictimNotificationWorker } from './delivery/victim-notification';
import { CourseOfConductService } from './domain/course-of-conduct.service';
import { AsKnownAtService } from './domain/as-known-at.service';
import { HistoryReadRepository } from './persistence/repositories/history.repository';
import { VictimContactService } from './domain/victim-contact.service';
import { PersonLinkService } from './domain/person-link.service';
import { PersonLinkRepository } from './persistence/repositories/person-link.repository';
import { PersonLinkDecisionLog } from './ingest/person-link-decision-log';
import { LinkScorer } from './projection/link-scoring';
import { VictimNotificationRepository } from './persistence/repositories/victim-notification.repository';
import { DeliveryAdminService } from './domain/delivery-admin.service';
import { openDatabase } from './persistence/data-source';
import { startEmbeddedPostgres } from './persistence/embedded-postgres';
import { AuditLogReader, AuditRepository } from './persistence/repositories/audit.repository';
import { AggregatesRepository } from './persistence/repositories/aggregates.repository';
import { AggregatesService } from './domain/aggregates.service';
import { StageLatencyService } from './domain/stage-latency';
import { AuditTrailService } from './domain/audit-trail.service';
import { AccessStep } from './security/access-step';
import { readiness, ReadinessProblem } from './ops/readiness';
import { PrometheusTelemetry } from './ops/metrics';
import { HubRepository } from './persistence/repositories/hub.repository';
import { TokenRevocationRepository } from './persistence/repositories/token-revocation.repository';
import { foldBail } from './projection/folds/bail.fold';
import { foldCase } from './projection/folds/case.fold';
import { foldOrder } from './projection/folds/order.fold';
import { limitConnections } from './api/connection-limits';
import { ReconciliationService } from './domain/reconciliation.service';
import { ReconciliationRepository } from './persistence/repositories/reconciliation.repository';
import { ReadPositionRepository } from './persistence/repositories/read-positions.repository';
import { CaseReadRepository } from './persistence/repositories/case-read.repository';
import { DeadLetterRepository } from './persistence/repositories/dead-letter.repository';
import { OfficerReadRepository } from './persistence/repositories/officer-read.repository';
import { Projector } from './projection/projector';
import { ClockWorker, sweepClocks } from './projection/clock-worker';
import { AcknowledgementWatch } from './projection/acknowledgement-watch';
import { AcknowledgementService } from './domain/acknowledgement.service';
import { AcknowledgementRepository } from './persistence/repositories/acknowledgement.repository';
import { JobQueue } from './persistence/job-queue';
import { type ClockPolicy } from './domain/rules/clock-transitions';
import { recordedEventLookup } from './persistence/repositories/recorded-events';

export interface Hub {
  url: string;
  graphqlUrl: string;
  databaseUrl: string;
  topics: Topics;
  eventLog: EventLog;
  dataSource: DataSource;
  projector: Projector | null;
  ingest: IngestService;
  /** Set only in the embedded demo: the generated development secret, for minting demo tokens. */
  devAuth: (AuthConfig & { kind: 'shared-secret' }) | null;
  stop(): Promise<void>;
}

/**
 * The token configuration: as configured; or, for the embedded demo only, a random development secret
 * (tokens minted with it die with the process). Any other deployment must configure one.
 */
function resolveAuth(config: Config): AuthConfig {
  if (config.auth) return config.auth;
  if (isEmbedded(config) || !(config.roles.has('gateway') || config.roles.has('ingest'))) {
    return {
      kind: 'shared-secret',
      secret: randomBytes(32).toString('hex'),
      issuer: 'shieldline',
      audience: 'shieldline',
    };
  }
  throw new ShieldlineError(
    'CONFIG_INVALID',
    'set JWT_JWKS_URL, JWT_PUBLIC_KEY or JWT_SECRET: the gateway and ingest only accept signed tokens',
  );
}

/**
 * Every HTTP failure answers JSON with a code, never Express's HTML page: a body over the limit is 413,
 * unreadable JSON 400, an unknown path 404; anything else 500 without internals (outside the demo).
 */
function jsonErrors(exposeDetails: boolean, logger: Logger): express.ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    const e = err as { type?: string; status?: number; message?: string };
    const error =
      e.type === 'entity.too.large'
        ? { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'request body is over the size limit' }
        : e.type === 'entity.parse.failed' ||
            e.type === 'encoding.unsupported' ||
            e.type === 'charset.unsupported'
          ? { status: 400, code: 'BAD_REQUEST', message: 'request body is not readable JSON' }
          : typeof e.status === 'number' && e.status >= 400 && e.status < 500
            ? { status: e.status, code: 'BAD_REQUEST', message: 'bad request' }
            : {
                status: 500,
                code: 'INTERNAL_SERVER_ERROR',
                message: 'internal error; the hub has logged it',
              };
    if (error.status === 500) logger.error('request failed', { error: String(err) });
    res.status(error.status).json({
      errors: [
        {
          message: exposeDetails && e.message ? e.message : error.message,
          extensions: { code: error.code },
        },
      ],
    });
  };
}

/** Starts the roles the config asks for, wired along connectors → log → projector → PostgreSQL → GraphQL. */
export async function startHub(config: Config, logger: Logger): Promise<Hub> {
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  const onStop = (name: string, stop: () => Promise<void>) => stops.push({ name, stop });
  const stopAll = async () => {
    for (const step of stops.reverse()) {
      logger.debug('stopping', { step: step.name });
      await step
        .stop()
        .catch((err: unknown) =>
          logger.warn('shutdown step failed', { step: step.name, error: String(err) }),
        );
    }
    stops.length = 0;
  };
  try {
    if (config.otlpEndpoint) {
      const tracing = startTracing({ otlpEndpoint: config.otlpEndpoint, serviceName: config.serviceName });
      onStop('tracing', () => tracing.shutdown());
    }
    let databaseUrl = config.databaseUrl;
    if (databaseUrl === null) {
      const embedded = await startEmbeddedPostgres(config.pgliteDataDir);
      onStop('embedded postgres', () => embedded.stop());
      databaseUrl = embedded.url;
    }
    logger.debug('opening database');
    // PGlite's socket server interleaves protocol messages from concurrent connections, so the embedded
    // mode runs every statement through one connection.
    const dataSource = await openDatabase(databaseUrl, isEmbedded(config) ? 1 : 10);
    onStop('database', () => dataSource.destroy());

    const topics = topicNames(config.topicPrefix);
    const telemetry = new PrometheusTelemetry();
    let eventLog: EventLog;
    if (config.kafkaBrokers) {
      eventLog = new KafkaEventLog(
        config.kafkaBrokers,
        config.kafkaClientId,
        logger.child('kafka'),
        config.eventLogPublishTimeoutMs,
      );
    } else {
      eventLog = new PostgresEventLog(dataSource, logger.child('table-log'));
    }
    onStop('event log', () => eventLog.close());
    logger.debug('event log ready');
    await eventLog.ensureTopics(allTopics(topics));

    // Durable timers (pg-boss): scheduled by the projector with each clock it writes, fired by the
    // clocks role. Opened before either, so its schema and queue exist before the first batch.
    let jobQueue: JobQueue | null = null;
    const clockPolicy: ClockPolicy = {
      leads: config.clockDueSoonLeads,
      catchUpMinutes: config.clockCatchUpMinutes,
      now: () => new Date(),
    };
    if (['projector', 'clocks', 'delivery', 'notify', 'gateway'].some((r) => config.roles.has(r as Role))) {
      jobQueue = await JobQueue.open(dataSource, logger.child('jobs'), {
        pollIntervalMs: config.clockPollIntervalMs,
        supervise: config.roles.has('clocks') || config.roles.has('delivery') || config.roles.has('notify'),
      });
      const opened = jobQueue;
      onStop('job queue', () => opened.stop());
    }

    let projector: Projector | null = null;
    if (config.roles.has('projector')) {
      // Scores people for linkage after the batches that wrote them (projection/link-scoring.ts).
      const linkScorer = new LinkScorer(dataSource, logger.child('link-scorer'));
      projector = new Projector(
        dataSource,
        eventLog,
        topics,
        projectorGroupId(config.topicPrefix),
        logger.child('projector'),
        {
          concurrentPartitions: config.projectorConcurrency,
          telemetry,
          clocks: jobQueue ? { queue: jobQueue, policy: clockPolicy } : undefined,
          afterCommit: () => linkScorer.wake(),
        },
      );
      linkScorer.start();
      onStop('link scorer', () => linkScorer.stop());
      await projector.start();
      const started = projector;
      onStop('projector', () => started.stop());
      logger.debug('projector started');
    }
    if (config.roles.has('clocks') && jobQueue) {
      const clocks = new ClockWorker(
        dataSource,
        jobQueue,
        eventLog,
        topics,
        clockPolicy,
        logger.child('clocks'),
        telemetry,
      );
      await clocks.start();
      onStop('clocks', () => clocks.stop());
      const watch = new AcknowledgementWatch(
        dataSource,
        jobQueue,
        eventLog,
        topics,
        logger.child('acknowledgements'),
        telemetry,
      );
      await watch.start();
      onStop('acknowledgement watch', () => watch.stop());
      logger.debug('clock worker started');
    }

    const ingest = new IngestService(eventLog, topics, undefined, recordedEventLookup(dataSource), {
      maxEventBytes: config.maxEventBytes,
      telemetry,
      logger: logger.child('ingest'),
    });
    const auth = resolveAuth(config);
    const revocations = new RevocationList(
      new TokenRevocationRepository(dataSource),
      logger.child('revocations'),
    );
    if (config.roles.has('gateway') || config.roles.has('ingest')) {
      await revocations.start();
      onStop('revocations', () => Promise.resolve(revocations.stop()));
    }
    const verifier = await createTokenVerifier(
      auth,
      (tokenId) => revocations.isRevoked(tokenId),
      config.maxTokenLifetimeSeconds,
    );
    const audit = new AuditRepository(dataSource, telemetry);
    const access = new AccessStep(audit, logger.child('access'));
    const officerReads = new OfficerReadRepository(dataSource);
    const lookup = new OfficerLookupService(officerReads, audit);
    const cases = new CaseLookupService(new CaseReadRepository(dataSource), audit);
    if (config.roles.has('delivery') && jobQueue) {
      const deliveries = new ForceDeliveryWorker(
        dataSource,
        jobQueue,
        eventLog,
        topics,
        lookup,
        cases,
        logger.child('delivery'),
        config.delivery,
      );
      await deliveries.start();
      onStop('force delivery', () => deliveries.stop());
    }
    if (config.roles.has('notify') && jobQueue) {
      const notify = config.notify;
      if (notify.apiKey && notify.templates) {
        const victims = new VictimNotificationWorker(
          dataSource,
          jobQueue,
          eventLog,
          topics,
          new GovUkNotifySender({
            baseUrl: notify.baseUrl,
            apiKey: notify.apiKey,
            templates: notify.templates,
            smsSenderId: notify.smsSenderId,
            emailReplyToId: notify.emailReplyToId,
            timeoutMs: notify.timeoutMs,
          }),
          access,
          logger.child('victim-notification'),
          notify,
          telemetry,
        );
        await victims.start();
        onStop('victim notification', () => victims.stop());
      } else {
        logger.warn(
          'victim notification is off: NOTIFY_API_KEY is not set. Consents are recorded and notifications ' +
            'created; they are sent once a key is configured (docs/victim-notification.md).',
        );
      }
    }
    const reconciliation = config.roles.has('ingest')
      ? new ReconciliationService(
          new ReconciliationRepository(dataSource),
          access,
          logger.child('reconciliation'),
          telemetry,
        )
      : null;
    const app = express();
    app.disable('x-powered-by');
    // No ETags: every answer here is personal, per caller and never cached, and express would hash each
    // response body to make one.
    app.disable('etag');
    // Every request has an id — the caller's X-Request-Id when plausible, else a new one — answered in
    // the response and carried by every log line written while handling it.
    app.use((req, res, next) => {
      const requestId = acceptableRequestId(req.get('x-request-id')) ?? randomUUID();
      res.setHeader('x-request-id', requestId);
      // A caller's W3C `traceparent` makes the hub's spans part of the caller's trace.
      withWorkContext({ requestId }, () => withIncomingTrace(req.headers, next));
    });
    const hubRepository = new HubRepository(dataSource);
    const hubId = await hubRepository.hubId();
    // Ready once the demo data (when asked for) is in: an operator or a load balancer waits for it.
    let demoLoaded = !config.loadDemoData;
    app.get('/readyz', async (_req, res) => {
      const result = await readiness([
        { name: 'database', check: () => hubRepository.ping() },
        { name: 'eventLog', check: () => eventLog.ping() },
        {
          // A partition halted because its log changed: what the hub serves misses what came since.
          name: 'projection',
          check: async () => {
            const halted = await new ReadPositionRepository(dataSource).halted(
              projectorGroupId(config.topicPrefix),
            );
            if (halted.length > 0) {
              throw new ReadinessProblem(
                `${halted.length} partition(s) halted, the event log changed (${halted
                  .map((h) => `${h.topic}/${h.partition}`)
                  .join(', ')}): run shieldline projections reseed`,
              );
            }
          },
        },
        {
          // Serving far behind the log: an officer would be shown what was true minutes ago.
          name: 'projectorLag',
          check: () => {
            const behind = projector?.lagMessages() ?? 0;
            if (behind > config.readyMaxLagMessages)
              throw new ReadinessProblem(
                `the projector is ${behind} messages behind the event log (bound ${config.readyMaxLagMessages})`,
              );
          },
        },
        {
          name: 'demoData',
          check: () => {
            if (!demoLoaded) throw new Error('loading');
          },
        },
      ]);
      res.status(result.ready ? 200 : 503).json(result);
    });
    // Counts and latencies only — no person, reference or record content is ever a label — so it is
    // served like /readyz, for the operator's Prometheus; keep the port off the public network.
    app.get('/metrics', async (_req, res) => {
      const { contentType, body } = await telemetry.exposition();
      res.type(contentType).send(body);
    });
    app.get('/healthz', (_req, res) => {
      res.json({
        status: 'ok',
        // Senders key their checkpoints by it (a new database is a new hub, even at the same URL).
        hubId,
        mode: isEmbedded(config) ? 'embedded-demo' : 'production',
        roles: [...config.roles],
      });
    });
    if (config.roles.has('gateway'))
      app.use(acknowledgementRouter(dataSource, officerReads, audit, logger.child('delivery')));
    if (config.roles.has('gateway') && config.notify.callbackToken)
      app.use(
        notifyStatusRouter(
          dataSource,
          config.notify.callbackToken,
          audit,
          logger.child('victim-notification'),
        ),
      );
    if (config.roles.has('ingest'))
      app.use(
        ingestRouter(
          ingest,
          {
            maxPayloadBytes: config.maxPayloadBytes,
            maxUploadBytes: config.maxUploadBytes,
            admission: new IngestAdmission(config.ingestMaxInFlight, telemetry),
          },
          logger.child('ingest'),
          verifier,
          access,
          reconciliation,
        ),
      );
    if (config.roles.has('ingest') && config.fileDropDir) {
      const watcher = new FileDropWatcher(
        config.fileDropDir,
        CONNECTORS,
        new LocalSink(ingest),
        // Per log: a file half sent to a log that has since been recreated is sent again from its start.
        new DestinationCheckpoints(new PostgresCheckpointStore(dataSource), await eventLog.identity()),
        logger.child('file-drop'),
      );
      watcher.start();
      onStop('file drop', () => watcher.stop());
    }

    const httpServer: Server = createServer(
      {
        // A connection that does not send a whole request head in time is closed (slowloris, idle
        // sockets); the check runs every second, not Node's default 30 s.
        headersTimeout: config.headersTimeoutMs,
        requestTimeout: config.requestTimeoutMs,
        connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
      },
      app,
    );
    limitConnections(httpServer, config, logger.child('http'), telemetry);
    // Registered before the gateway so it runs after it: Apollo's drain plugin closes the server itself.
    onStop(
      'http server',
      () =>
        new Promise<void>((resolve) => {
          if (!httpServer.listening) return resolve();
          httpServer.closeAllConnections();
          httpServer.close(() => resolve());
        }),
    );
    if (config.roles.has('gateway')) {
      const pubSub = createGatewayPubSub(telemetry, config.subscriberMaxQueued);
      const feed = new ChangeFeed(
        eventLog,
        topics.changes,
        `${config.topicPrefix}shieldline-gateway-${config.instanceId}`,
        pubSub,
        lookup,
        cases,
        logger.child('change-feed'),
        telemetry,
      );
      await feed.start();
      onStop('change feed', () => feed.stop());
      const services = {
        lookup,
        cases,
        deliveryAdmin: new DeliveryAdminService(deliveryAdminStore(dataSource, jobQueue), access, {
          allowHttp: config.delivery.allowHttp,
          forceTopic: (area: string) => forceTopicName(config.topicPrefix, area),
        }),
        acknowledgements: new AcknowledgementService(
          new AcknowledgementRepository(dataSource),
          lookup,
          access,
          jobQueue ? (area: string) => sweepClocks(dataSource, jobQueue, clockPolicy, area) : null,
        ),
        victims: new VictimContactService(new VictimNotificationRepository(dataSource), access),
        links: new PersonLinkService(
          new PersonLinkDecisionLog(ingest, new PersonLinkRepository(dataSource)),
          officerReads,
          audit,
        ),
        conduct: new CourseOfConductService(lookup, cases, audit),
        history: new AsKnownAtService(
          new HistoryReadRepository(dataSource, { order: foldOrder, bail: foldBail, case: foldCase }),
          audit,
        ),
        aggregates: new AggregatesService(new AggregatesRepository(dataSource), access),
        latency: new StageLatencyService(telemetry, access),
        auditTrail: new AuditTrailService(new AuditLogReader(dataSource), access),
        access,
        revocations,
        deadLetters: config.roles.has('ingest')
          ? new DeadLetterService(new DeadLetterRepository(dataSource), ingest, findConnector, access)
          : null,
        publisher: config.roles.has('ingest')
          ? {
              publishCourtOrder: (bytes: Buffer) =>
                ingest.ingest(familyCourtConnector, { bytes, contentType: 'application/json', single: true }),
            }
          : null,
        reconciliation,
        subscriptions: pubSub,
      };
      const gateway: Gateway = await mountGateway(
        app,
        httpServer,
        await buildGatewaySchema(pubSub),
        services,
        verifier,
        {
          introspection: config.introspection,
          exposeErrorDetails: isEmbedded(config),
          maxPayloadBytes: config.maxPayloadBytes,
          maxSubscriptionsPerSocket: config.maxSubscriptionsPerSocket,
          socketLiveness: {
            pingIntervalMs: config.subscriberPingIntervalMs,
            maxBufferedBytes: config.subscriberMaxBufferedBytes,
          },
          logger: logger.child('gateway'),
          telemetry,
          trustedDocuments: {
            mode: config.trustedDocuments,
            documents: config.trustedDocumentsFile
              ? TrustedDocuments.fromManifest(
                  readFileSync(config.trustedDocumentsFile, 'utf8'),
                  config.trustedDocumentsFile,
                )
              : TrustedDocuments.fromDocuments(HUB_DOCUMENTS),
          },
        },
      );
      onStop('gateway', () => gateway.stop());
      logger.debug('gateway mounted');
    }
    const devAuth = isEmbedded(config) && !config.auth && auth.kind === 'shared-secret' ? auth : null;
    if (config.roles.has('gateway'))
      app.use(
        consoleRouter({
          dir: config.consoleDir ?? defaultConsoleDir(),
          demoSigningKey: devAuth,
          oidc: config.oidc,
          embedded: isEmbedded(config),
        }),
      );
    app.use(jsonErrors(isEmbedded(config), logger.child('http')));
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.httpPort, config.httpHost, resolve);
    });
    const { port } = httpServer.address() as AddressInfo;
    const url = `http://${config.httpHost}:${port}`;

    if (config.loadDemoData) {
      for (const message of demoFamilyCourtMessages(new Date())) {
        const outcome = await ingest.ingest(familyCourtConnector, {
          bytes: Buffer.from(JSON.stringify(message)),
          contentType: 'application/json',
        });
        if (outcome.status !== 'ACCEPTED') logger.warn('demo record rejected', { outcome });
      }
      // A day of synthetic records for the area in every connector's own format (src/demo).
      const loaded = await loadDemoDataset(ingest, new Date(), config.demoDays, logger.child('demo'));
      logger.info('demo dataset loaded', loaded);
      demoLoaded = true;
    }
    return {
      url,
      graphqlUrl: `${url}/graphql`,
      databaseUrl,
      topics,
      eventLog,
      dataSource,
      projector,
      ingest,
      devAuth,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
