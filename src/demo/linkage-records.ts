import { type LabelledSighting } from './linkage-corpus';

/**
 * The labelled linkage corpus (linkage-corpus.ts) as the sources would send it: each sighting becomes one
 * record in the native format of a connector that carries people — a police CSV arrest row (the suspect),
 * a family court ORDER_MADE message (the respondent) or a criminal court result (the defendant). The
 * CPS format carries no person (its messages name the case), so it has no sightings. A test posts them
 * through the ingest doors and measures what the hub linked against the labels, on real infrastructure.
 *
 * Deterministic: the connector of each sighting follows from its position (police two in four, family
 * court and criminal court one in four each). Every reference carries `runTag`, so two runs in one
 * database never share a record id.
 */
export type LinkageConnector = 'police-records' | 'family-court-orders' | 'criminal-court-results';

export interface LabelledRecord {
  sightingId: string;
  truth: string;
  connector: LinkageConnector;
  /**
   * The sighting as this record carries it: a format without a field loses it (the family court
   * format has no CRO number), as it would in life.
   */
  carried: LabelledSighting;
  /** The record's bytes, as the connector's door reads them. */
  body: string;
  contentType: 'text/csv' | 'application/json' | 'application/xml';
}

export interface LinkageRecordOptions {
  policeArea: string;
  /** Part of every record id and case reference (letters and digits). */
  runTag: string;
  /** When the records say they were made (ISO instant). */
  at: string;
}

const POLICE_COLUMNS = [
  'record_type', 'record_id', 'record_version', 'recorded_at', 'force', 'urn',
  'suspect_forename', 'suspect_surname', 'suspect_dob', 'suspect_pnc', 'suspect_cro',
  'suspect_address_line1', 'suspect_town', 'suspect_postcode',
] as const; // prettier-ignore

const csvCell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

const xmlAttr = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll("'", '&apos;');

const CONNECTOR_CYCLE: readonly LinkageConnector[] = [
  'police-records',
  'family-court-orders',
  'police-records',
  'criminal-court-results',
];

export function linkageCorpusRecords(
  corpus: readonly LabelledSighting[],
  options: LinkageRecordOptions,
): LabelledRecord[] {
  return corpus.map((sighting, index) => {
    const connector = CONNECTOR_CYCLE[index % CONNECTOR_CYCLE.length]!;
    const ref = `${options.runTag}${String(index).padStart(6, '0')}`;
    const carried = connector === 'family-court-orders' ? { ...sighting, croNumber: null } : sighting;
    const base = { sightingId: sighting.sightingId, truth: sighting.truth, connector, carried };
    switch (connector) {
      case 'police-records':
        return { ...base, contentType: 'text/csv', body: policeArrest(sighting, ref, options) };
      case 'family-court-orders':
        return {
          ...base,
          contentType: 'application/json',
          body: familyOrder(sighting, ref, options),
        };
      case 'criminal-court-results':
        return {
          ...base,
          contentType: 'application/xml',
          body: courtResult(sighting, ref, options),
        };
    }
  });
}

function policeArrest(s: LabelledSighting, ref: string, options: LinkageRecordOptions): string {
  const values: Record<(typeof POLICE_COLUMNS)[number], string> = {
    record_type: 'ARREST',
    record_id: `ARR-${ref}`,
    record_version: '1',
    recorded_at: options.at,
    force: options.policeArea,
    urn: `13LK${ref}`,
    suspect_forename: s.givenName,
    suspect_surname: s.familyName,
    suspect_dob: s.dateOfBirth ?? '',
    suspect_pnc: s.pncId ?? '',
    suspect_cro: s.croNumber ?? '',
    suspect_address_line1: s.address?.line1 ?? '',
    suspect_town: s.address ? 'Leeds' : '',
    suspect_postcode: s.address?.postcode ?? '',
  };
  return `${POLICE_COLUMNS.join(',')}\r\n${POLICE_COLUMNS.map((c) => csvCell(values[c])).join(',')}\r\n`;
}

function familyOrder(s: LabelledSighting, ref: string, options: LinkageRecordOptions): string {
  // One applicant for every order of the corpus (one person record): the respondent is the sighting.
  return JSON.stringify({
    messageType: 'ORDER_MADE',
    messageId: `LDSFC-${ref}-M1`,
    version: 1,
    court: { code: 'LDSFC', name: 'Leeds Family Court' },
    caseNumber: `LK${ref}`,
    policeForce: options.policeArea,
    order: {
      orderNumber: '1',
      form: 'FL404A',
      madeOn: options.at,
      withoutNotice: false,
      powerOfArrest: false,
      effectiveFrom: options.at,
      endsOn: new Date(Date.parse(options.at) + 182 * 86_400_000).toISOString(),
      terms: [
        {
          paragraph: '1',
          code: 'NO_CONTACT',
          text: 'The respondent must not contact the applicant directly or indirectly.',
        },
      ],
    },
    applicant: {
      forenames: 'Corpus',
      surname: `Applicant${options.runTag}`,
      dateOfBirth: '1990-01-01',
      addressConfidential: true,
    },
    respondent: {
      forenames: s.givenName,
      surname: s.familyName,
      ...(s.dateOfBirth && { dateOfBirth: s.dateOfBirth }),
      ...(s.pncId && { pncId: s.pncId }),
      ...(s.address && { address: { line1: s.address.line1, town: 'Leeds', postcode: s.address.postcode } }),
      addressConfidential: false,
    },
  });
}

function courtResult(s: LabelledSighting, ref: string, options: LinkageRecordOptions): string {
  const attributes = [
    s.pncId && `pncId="${xmlAttr(s.pncId)}"`,
    s.croNumber && `croNumber="${xmlAttr(s.croNumber)}"`,
    s.dateOfBirth && `dateOfBirth="${s.dateOfBirth}"`,
  ]
    .filter(Boolean)
    .join(' ');
  const address = s.address
    ? `<Address line1="${xmlAttr(s.address.line1)}" town="Leeds" postcode="${xmlAttr(s.address.postcode)}"/>`
    : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<CourtResults xmlns="urn:shieldline:criminal-court-results:1" messageId="LMC-${ref}" version="1" sentAt="${options.at}">` +
    `<Court code="2577" name="Leeds Magistrates' Court" policeForce="${options.policeArea}"/>` +
    `<Hearing ref="LMC-H-${ref}" start="${options.at}" type="FIRST_HEARING"/>` +
    `<Case urn="13LC${ref}" courtCaseNumber="LMC/${ref}">` +
    `<Defendant ${attributes}><Name given="${xmlAttr(s.givenName)}" family="${xmlAttr(s.familyName)}"/>${address}` +
    `<Offence code="PH97003" modeOfTrial="S" committedOn="${options.at.slice(0, 10)}" commonAssault="false">Harassment without violence</Offence>` +
    `<Verdict>ADJOURNED</Verdict><Result code="4014"><Text>Remanded on conditional bail</Text>` +
    `<Bail ref="LMC/${ref}/B1"><Condition paragraph="1">Not to contact the complainant directly or indirectly</Condition></Bail></Result>` +
    `</Defendant></Case></CourtResults>\n`
  );
}

/** The corpus's records as files a source would drop, with the labels beside them (never sent to the hub). */
export interface LinkageCorpusFiles {
  /** Every police sighting, one CSV with one header. */
  policeCsv: string;
  /** Every family court sighting, one JSON message per line. */
  familyCourtNdjson: string;
  /** Every criminal court sighting, one XML message each. */
  courtResultsXml: { name: string; xml: string }[];
  /** connector,locator,sighting_id,truth: the locator is the CSV row, NDJSON line or XML file. */
  labelsCsv: string;
}

export function linkageCorpusFiles(records: readonly LabelledRecord[]): LinkageCorpusFiles {
  const policeRows: string[] = [POLICE_COLUMNS.join(',')];
  const family: string[] = [];
  const court: { name: string; xml: string }[] = [];
  const labels: string[] = ['connector,locator,sighting_id,truth'];
  for (const record of records) {
    let locator: string;
    if (record.connector === 'police-records') {
      policeRows.push(record.body.split('\r\n')[1]!);
      locator = `police-export.csv row ${policeRows.length - 1}`;
    } else if (record.connector === 'family-court-orders') {
      family.push(record.body);
      locator = `family-court.ndjson line ${family.length}`;
    } else {
      const name = `court-results/sighting-${String(court.length + 1).padStart(6, '0')}.xml`;
      court.push({ name: name.slice('court-results/'.length), xml: record.body });
      locator = name;
    }
    labels.push([record.connector, locator, record.sightingId, record.truth].map(csvCell).join(','));
  }
  return {
    policeCsv: `${policeRows.join('\r\n')}\r\n`,
    familyCourtNdjson: family.length > 0 ? `${family.join('\n')}\n` : '',
    courtResultsXml: court,
    labelsCsv: `${labels.join('\n')}\n`,
  };
}
