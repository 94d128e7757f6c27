import { findConnector } from '../../connectors';
import { checkRecord } from '../ingest/ingest.service';
import { type PartyData } from '../domain/canonical-events';
import { addressKey } from '../domain/linkage/comparisons';
import { generateLinkageCorpus } from './linkage-corpus';
import { linkageCorpusFiles, linkageCorpusRecords } from './linkage-records';

/** The party a sighting became: the suspect, the respondent or the defendant of the record's events. */
function partyOf(drafts: readonly { data: unknown }[]): PartyData | undefined {
  for (const { data } of drafts) {
    const d = data as Record<string, unknown>;
    const party = d.suspect ?? d.respondent ?? d.defendant;
    if (party) return party as PartyData;
  }
  return undefined;
}

describe('the labelled linkage corpus in the connectors’ formats', () => {
  const corpus = generateLinkageCorpus({ people: 120, sightingsPerPerson: 4, seed: 5 });
  const records = linkageCorpusRecords(corpus, {
    policeArea: 'WYP',
    runTag: 'T1',
    at: '2026-11-02T10:00:00Z',
  });

  it('should give every sighting one record, through each connector that carries people', () => {
    expect(records).toHaveLength(corpus.length);
    expect(new Set(records.map((r) => r.connector))).toEqual(
      new Set(['police-records', 'family-court-orders', 'criminal-court-results']),
    );
  });

  it('should be accepted by its connector and carry the sighting’s identity exactly, errors and gaps included (less what its format has no field for)', () => {
    const problems: string[] = [];
    records.forEach((record, i) => {
      const connector = findConnector(record.connector)!;
      const [source] = connector.readers[record.contentType]!(Buffer.from(record.body));
      const result = checkRecord(connector, source!);
      if (!result.ok) return problems.push(`${record.sightingId}: ${JSON.stringify(result.rejection)}`);
      const party = partyOf(result.drafts);
      if (!party) return problems.push(`${record.sightingId}: no party in ${record.connector}'s events`);
      const sighting = record.carried;
      expect({ ...sighting, croNumber: corpus[i]!.croNumber }).toEqual(corpus[i]);
      expect({
        given: party.name.given,
        family: party.name.family,
        dateOfBirth: party.dateOfBirth,
        pncId: party.pncId ?? null,
        croNumber: party.croNumber ?? null,
        address: party.addressConfidential ? null : addressKey(party.address?.line1, party.address?.postcode),
      }).toEqual({
        given: sighting.givenName,
        family: sighting.familyName,
        dateOfBirth: sighting.dateOfBirth,
        pncId: sighting.pncId,
        croNumber: sighting.croNumber,
        address: sighting.addresses?.[0] ?? null,
      });
    });
    expect(problems).toEqual([]);
  });

  it('should be the same records for the same corpus and run', () => {
    expect(
      linkageCorpusRecords(corpus, { policeArea: 'WYP', runTag: 'T1', at: '2026-11-02T10:00:00Z' }),
    ).toEqual(records);
  });

  it('should write the records as files the connectors read, with a label for every record', () => {
    const files = linkageCorpusFiles(records);
    const read = (id: string, mediaType: string, bytes: string) =>
      findConnector(id)!.readers[mediaType]!(Buffer.from(bytes)).map(
        (r) => checkRecord(findConnector(id)!, r).ok,
      );
    const police = read('police-records', 'text/csv', files.policeCsv);
    const family = read('family-court-orders', 'application/x-ndjson', files.familyCourtNdjson);
    const court = files.courtResultsXml.flatMap((f) =>
      read('criminal-court-results', 'application/xml', f.xml),
    );
    expect([...police, ...family, ...court].every(Boolean)).toBe(true);
    expect(police.length + family.length + court.length).toBe(records.length);
    const labels = files.labelsCsv.trim().split('\n').slice(1);
    expect(labels).toHaveLength(records.length);
    expect(labels[0]).toBe(
      `police-records,police-export.csv row 1,${records[0]!.sightingId},${records[0]!.truth}`,
    );
  });
});
