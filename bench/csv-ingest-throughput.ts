import { randomInt, randomUUID } from 'node:crypto';
import { policeConnector } from '../connectors/police-records/police.connector';
import { createLogger } from '../src/common/logger';
import { generateDataset } from '../src/demo/dataset-generator';
import { PostgresCheckpointStore } from '../src/persistence/repositories/checkpoint-store';
import { ConnectorRuntime, LocalSink, sourceFromBytes } from '../src/ingest/connector-runtime';
import { checkRecord, IngestService } from '../src/ingest/ingest.service';
import { KafkaEventLog } from '../src/messaging/kafka-event-log';
import { allTopics, topicNames } from '../src/messaging/topics';
import { openDatabase } from '../src/persistence/data-source';
import { recordedEventLookup } from '../src/persistence/repositories/recorded-events';
import { Projector } from '../src/projection/projector';
import { type Telemetry } from '../src/common/telemetry';

export interface CsvIngestResult {
  records: number;
  bytes: number;
  batchSize: number;
  /** Pure read + normalize + catalogue check of every row, no I/O: the ceiling for this machine. */
  normalizeOnlyRecordsPerSecond: number;
  /** From the first byte read to the last batch acknowledged by Kafka (checkpoints included). */
  acknowledgedRecordsPerSecond: number;
  /** From the first byte read to the last event projected into PostgreSQL. */
  endToEndRecordsPerSecond: number;
  ratioEndToEndToNormalizeOnly: number;
}

/**
 * A police CSV export of `records` generated rows (src/demo generator: every police record type, in the
 * proportions of the domain documents) through the connector runtime — reader, normalizer, catalogue
 * check, Kafka, checkpoints — and the projector, on the real broker and database.
 */
export async function measureCsvIngest(
  brokers: string[],
  databaseUrl: string,
  records: number,
  batchSize: number,
  concurrency: number,
  options: { telemetry?: Telemetry } = {},
): Promise<CsvIngestResult> {
  // ~500 rows a day for one force: generate enough days, then keep the header and the first N rows.
  const dataset = generateDataset({
    policeArea: 'WYP',
    from: new Date('2025-01-01T00:00:00Z'),
    days: Math.ceil(records / 450),
    // A new dataset and a new source each run: repeated runs on one database must not be duplicates.
    seed: randomInt(1_000_000_000),
  });
  const lines = dataset.policeCsv.split('\r\n');
  if (lines.length - 2 < records) throw new Error(`generated only ${lines.length - 2} rows`);
  const csv = Buffer.from(`${lines.slice(0, records + 1).join('\r\n')}\r\n`);

  const normalizeStarted = performance.now();
  const rows = policeConnector.readers['text/csv']!(csv);
  for (const row of rows) {
    if (!checkRecord(policeConnector, row).ok) throw new Error(`generated row rejected: ${row.locator}`);
  }
  const normalizeSeconds = (performance.now() - normalizeStarted) / 1000;

  const silent = createLogger('silent');
  const topics = topicNames(`csv${Date.now()}.`);
  const log = new KafkaEventLog(brokers, 'bench-csv', silent);
  const dataSource = await openDatabase(databaseUrl, 10);
  try {
    await log.ensureTopics(allTopics(topics));
    const projector = new Projector(dataSource, log, topics, `${topics.police}.projector`, silent, {
      concurrentPartitions: concurrency,
      telemetry: options.telemetry,
    });
    await projector.start();
    const ingest = new IngestService(log, topics, undefined, recordedEventLookup(dataSource), {
      telemetry: options.telemetry,
    });
    const runtime = new ConnectorRuntime(new LocalSink(ingest), new PostgresCheckpointStore(dataSource), {
      batchSize,
      retry: { maxAttempts: 8, initialDelayMs: 200, maxDelayMs: 10_000 },
    });
    const started = performance.now();
    const summary = await runtime.run(
      policeConnector,
      sourceFromBytes(`bench-${randomUUID()}.csv`, 'text/csv', csv),
    );
    const acknowledgedSeconds = (performance.now() - started) / 1000;
    if (summary.accepted !== records) throw new Error(`accepted ${summary.accepted} of ${records}`);
    const deadline = Date.now() + 15 * 60 * 1000;
    while (projector.stats.applied < records && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const endToEndSeconds = (performance.now() - started) / 1000;
    await projector.stop();
    if (projector.stats.applied !== records) {
      throw new Error(`projector applied ${projector.stats.applied} of ${records} events`);
    }
    const normalizeRate = Math.round(records / normalizeSeconds);
    const endToEndRate = Math.round(records / endToEndSeconds);
    return {
      records,
      bytes: csv.length,
      batchSize,
      normalizeOnlyRecordsPerSecond: normalizeRate,
      acknowledgedRecordsPerSecond: Math.round(records / acknowledgedSeconds),
      endToEndRecordsPerSecond: endToEndRate,
      ratioEndToEndToNormalizeOnly: Math.round((endToEndRate / normalizeRate) * 1000) / 1000,
    };
  } finally {
    await log.close();
    await dataSource.destroy();
  }
}
