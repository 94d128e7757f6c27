import { type CloudEvent } from '../../messaging/envelope';

/**
 * The one order in which every fold reads a stream's events, whatever order they were delivered in:
 * source time (receipt time when the source gave none), then the source record version, then the
 * event's rank within its lifecycle (a grant before a variation made at the same instant), then event id.
 * Because every fold re-reads the whole stream in this order, the projections do not depend on delivery
 * order, batching or duplicates — and a rebuild from the event store produces the live state.
 */
export function inFoldOrder(events: readonly CloudEvent[], rank: (type: string) => number): CloudEvent[] {
  return [...events].sort((a, b) => {
    const at = compareInstants(a.time ?? a.receivedat, b.time ?? b.receivedat);
    if (at !== 0) return at;
    const version = compareVersions(a.sourceversion, b.sourceversion);
    if (version !== 0) return version;
    const ranked = rank(a.type) - rank(b.type);
    if (ranked !== 0) return ranked;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

function compareInstants(a: string, b: string): number {
  const diff = Date.parse(a) - Date.parse(b);
  if (diff !== 0) return diff;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Numeric when both are numbers ("10" after "9"), otherwise by code point; absent sorts first. */
function compareVersions(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : 1;
}
