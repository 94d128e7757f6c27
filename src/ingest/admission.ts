import { NO_TELEMETRY, type Telemetry } from '../common/telemetry';

/**
 * Load shedding at the ingest door: at most `maxInFlight` ingest requests are handled at once. One more
 * is refused at once — 503 with `retriable: true` and `Retry-After`, before its body is read — instead of
 * queueing behind the others until every sender's answer takes seconds and the connections pile up to
 * the per-client bound (where they are reset, which a sender cannot tell from a lost request). A refused
 * request was not read, so nothing of it was accepted; sending it again is always safe (ids are stable).
 */
export class IngestAdmission {
  private admitted = 0;

  constructor(
    readonly maxInFlight: number,
    private readonly telemetry: Pick<Telemetry, 'ingestInFlight' | 'ingestShed'> = NO_TELEMETRY,
  ) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
      throw new RangeError(`maxInFlight must be a positive integer, not ${maxInFlight}`);
  }

  get inFlight(): number {
    return this.admitted;
  }

  /**
   * A slot for a request to `connector`, released by calling it (once; later calls do nothing), or null
   * when the door is full (counted as shed).
   */
  tryAdmit(connector: string): (() => void) | null {
    if (this.admitted >= this.maxInFlight) {
      this.telemetry.ingestShed(connector);
      return null;
    }
    this.admitted++;
    this.telemetry.ingestInFlight(1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.admitted--;
      this.telemetry.ingestInFlight(-1);
    };
  }
}
