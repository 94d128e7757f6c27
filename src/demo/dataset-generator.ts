import { seededRandom } from '../common/random';
import { londonCivilDate } from '../domain/rules/calendar';

/**
 * A realistic synthetic dataset for one force area, in every connector's native format: police CSV
 * export, family court JSON (NDJSON), CPS JSON (NDJSON) and criminal court result XML. Deterministic for
 * a seed. Names are synthetic combinations; no real person's record is used.
 *
 * Daily volumes for West Yorkshire (WYP), derived from the source documents where they give figures:
 * - DVPNs: Yorkshire and the Humber granted 1,770 a year (DAC:690-705, Fig. 9); WYP is about 42% of the
 *   region's population (population share: unverified) ⇒ ~743 a year ⇒ ~3 per working day.
 * - Domestic-abuse incidents: DVPO applications are "consistently around 1% of all domestic abuse
 *   incidents" (DAC:680) ⇒ ~100 incidents per DVPO application ⇒ ~190 a day (rounded to 180 below).
 * - Arrests: "approximately 3% of arrests … involved a DVPO being granted" (DAC:712) ⇒ ~30 arrests per
 *   DVPO granted ⇒ ~35% of incidents.
 * - Referrals to CPS: "only 16%" of referred suspects had a DVPO granted (DAC:712) ⇒ ~6 referrals per
 *   DVPO granted ⇒ ~6% of incidents.
 * - Non-molestation orders: roughly 100 per working day nationally (issue #4; not in the source
 *   documents: unverified) ⇒ ~4 a day for WYP.
 */
export interface DatasetOptions {
  policeArea: string;
  /** First day of the generated period (London calendar day). */
  from: Date;
  days: number;
  seed: number;
  /** Multiplies every daily volume (1 = the area's estimated real volume). */
  scale?: number;
}

export const DAILY_VOLUMES = {
  incidents: 180,
  nonMolestationOrders: 4,
  dvpnShareOfIncidents: 0.015,
  arrestShareOfIncidents: 0.35,
  referralShareOfIncidents: 0.06,
} as const;

export interface Dataset {
  /** Police record export (CSV, one row per record), as police-records reads it. */
  policeCsv: string;
  /** Family court messages, one JSON per line. */
  familyCourtNdjson: string;
  /** CPS case management messages, one JSON per line. */
  cpsNdjson: string;
  /** Criminal court result messages, one XML document each. */
  courtResultsXml: { name: string; xml: string }[];
  counts: Record<'policeRows' | 'familyCourtMessages' | 'cpsMessages' | 'courtResultMessages', number>;
}

export const POLICE_CSV_COLUMNS = [
  'record_type', 'record_id', 'record_version', 'recorded_at', 'force', 'urn', 'crime_ref', 'da_flag',
  'suspect_forename', 'suspect_surname', 'suspect_dob', 'suspect_pnc', 'suspect_address_line1', 'suspect_town', 'suspect_postcode',
  'victim_forename', 'victim_surname', 'victim_dob', 'victim_address_line1', 'victim_town', 'victim_postcode', 'victim_address_confidential',
  'offences', 'risk_tool', 'risk_level', 'assessment_ref', 'assessed_on',
  'bail_ref', 'bailed_on', 'bail_authority', 'return_on', 'victim_views_sought', 'conditions', 'released_on',
  'notice_ref', 'authorising_rank', 'authorised_at', 'served_at', 'court_code', 'court_name', 'hearing_at',
  'breach_ref', 'breached_kind', 'breached_ref', 'details', 'bail_status', 'risk_assessment_ref', 'statement_on',
] as const; // prettier-ignore
type Column = (typeof POLICE_CSV_COLUMNS)[number];

const GIVEN = [
  'Aisha',
  'Ben',
  'Chloe',
  'Daniel',
  'Ella',
  'Farhan',
  'Grace',
  'Harry',
  'Imani',
  'Jack',
  'Kasia',
  'Liam',
  'Maya',
  'Noah',
  'Olivia',
  'Priya',
  'Ryan',
  'Sophie',
  'Tariq',
  'Zara',
];
const FAMILY = [
  'Ashcroft',
  'Bramley',
  'Calder',
  'Denholme',
  'Elland',
  'Farsley',
  'Garforth',
  'Horbury',
  'Ilkley',
  'Kippax',
  'Lofthouse',
  'Marsden',
  'Normanton',
  'Otley',
  'Pudsey',
  'Queensbury',
  'Rothwell',
  'Shipley',
  'Thornhill',
  'Wetherby',
];
const STREETS = [
  'Harehills Lane',
  'Kirkstall Road',
  'Manningham Lane',
  'Wakefield Road',
  'Halifax Road',
  'Leeds Road',
  'Otley Road',
  'Bradford Road',
];
const TOWNS: readonly [string, string][] = [
  ['Leeds', 'LS'],
  ['Bradford', 'BD'],
  ['Wakefield', 'WF'],
  ['Huddersfield', 'HD'],
  ['Halifax', 'HX'],
];
const OFFENCES = [
  { code: 'CJ88116', mode: 'S', ca: 'Y', text: 'Assault by beating' },
  { code: 'OF61047', mode: 'E', ca: 'N', text: 'Assault occasioning actual bodily harm' },
  {
    code: 'SX03001',
    mode: 'E',
    ca: 'N',
    text: 'Controlling or coercive behaviour in an intimate or family relationship',
  },
  { code: 'PH97003', mode: 'S', ca: 'N', text: 'Harassment without violence' },
  { code: 'CD71039', mode: 'E', ca: 'N', text: 'Criminal damage' },
]; // prettier-ignore — offence codes are illustrative (unverified against the CJS offence code list)

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function xmlAttr(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

export function generateDataset(options: DatasetOptions): Dataset {
  const rand = seededRandom(options.seed);
  const scale = options.scale ?? 1;
  const area = options.policeArea;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const chance = (p: number) => rand() < p;
  const rows: string[] = [POLICE_CSV_COLUMNS.join(',')];
  const family: string[] = [];
  const cps: string[] = [];
  const courtResults: { name: string; xml: string }[] = [];
  const yy = String(options.from.getUTCFullYear()).slice(2);
  const row = (values: Partial<Record<Column, string>>) =>
    rows.push(POLICE_CSV_COLUMNS.map((c) => csvCell(values[c] ?? '')).join(','));
  const person = () => {
    const [town, prefix] = pick(TOWNS);
    const year = 1960 + Math.floor(rand() * 45);
    const month = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
    return {
      given: pick(GIVEN),
      family: pick(FAMILY),
      dob: `${year}-${month}-${day}`,
      pnc: chance(0.6)
        ? `${2000 + Math.floor(rand() * 24)}/${String(Math.floor(rand() * 9_999_999)).padStart(7, '0')}${pick(['A', 'K', 'X', 'Z'])}`
        : '',
      line1: `${1 + Math.floor(rand() * 200)} ${pick(STREETS)}`,
      town,
      postcode: `${prefix}${1 + Math.floor(rand() * 20)} ${1 + Math.floor(rand() * 9)}${pick(['AB', 'DL', 'QT', 'XY'])}`,
    };
  };
  const suspectCols = (p: ReturnType<typeof person>): Partial<Record<Column, string>> => ({
    suspect_forename: p.given, suspect_surname: p.family, suspect_dob: p.dob, suspect_pnc: p.pnc,
    suspect_address_line1: p.line1, suspect_town: p.town, suspect_postcode: p.postcode,
  }); // prettier-ignore
  const victimCols = (p: ReturnType<typeof person>, confidential: boolean): Partial<Record<Column, string>> => ({
    victim_forename: p.given, victim_surname: p.family, victim_dob: p.dob,
    victim_address_line1: confidential ? 'Address withheld (refuge)' : p.line1, victim_town: p.town, victim_postcode: p.postcode,
    victim_address_confidential: confidential ? 'Y' : 'N',
  }); // prettier-ignore

  const seedTag = String(options.seed % 1000).padStart(3, '0');
  let caseSeq = 0;
  let orderSeq = 0;
  for (let d = 0; d < options.days; d++) {
    const dayStart = options.from.getTime() + d * 86_400_000;
    const at = (hours: number) => new Date(dayStart + hours * 3_600_000).toISOString().replace('.000Z', 'Z');
    const dateAfter = (days: number) => londonCivilDate(new Date(dayStart + days * 86_400_000));
    const incidents = Math.round(DAILY_VOLUMES.incidents * scale);
    for (let i = 0; i < incidents; i++) {
      caseSeq += 1;
      // The seed is part of every reference, so datasets with different seeds never share a record id.
      const n = `${seedTag}${String(caseSeq).padStart(5, '0')}`;
      const urn = `13${area.slice(0, 2)}${n}${yy}`;
      const suspect = person();
      const victim = person();
      const confidential = chance(0.2);
      const offence = pick(OFFENCES);
      const offences = `${offence.code}/${offence.mode}/${dateAfter(0)}/${offence.ca}/${offence.text}`;
      const hour = 8 + rand() * 14;
      const common = { force: area, urn, record_version: '1' };
      row({
        ...common,
        record_type: 'INCIDENT',
        record_id: `INC-${n}`,
        recorded_at: at(hour),
        crime_ref: `13/${n}/${yy}`,
        da_flag: 'Y',
        offences,
        ...suspectCols(suspect),
        ...victimCols(victim, confidential),
      });
      const level = rand() < 0.1 ? 'HIGH' : rand() < 0.35 ? 'MEDIUM' : 'STANDARD';
      row({
        ...common,
        record_type: 'RISK_ASSESSMENT',
        record_id: `DASH-${n}`,
        recorded_at: at(hour + 1),
        risk_tool: 'DASH',
        risk_level: level,
        assessment_ref: `${area}/DASH/${n}`,
        assessed_on: dateAfter(0),
        ...victimCols(victim, confidential),
      });
      let bailRef: string | null = null;
      let bailStatus = 'NOT_STATED';
      if (chance(DAILY_VOLUMES.arrestShareOfIncidents)) {
        row({
          ...common,
          record_type: 'ARREST',
          record_id: `ARR-${n}`,
          recorded_at: at(hour + 2),
          ...suspectCols(suspect),
        });
        const outcome = rand();
        if (outcome < 0.4) {
          bailRef = `${area}/PCB/${n}`;
          bailStatus = 'PRE_CHARGE_BAIL_WITH_CONDITIONS';
          row({
            ...common,
            record_type: 'BAIL_GRANTED',
            record_id: `BAIL-${n}`,
            recorded_at: at(hour + 6),
            bail_ref: bailRef,
            bailed_on: dateAfter(0),
            bail_authority: 'INSPECTOR',
            return_on: dateAfter(28),
            victim_views_sought: chance(0.7) ? 'Y' : 'N',
            conditions: `Not to contact ${victim.given} ${victim.family} directly or indirectly | Not to enter ${victim.town} postcode district ${victim.postcode.split(' ')[0]}`,
            ...suspectCols(suspect),
          });
        } else if (outcome < 0.8) {
          bailStatus = 'RELEASED_UNDER_INVESTIGATION';
          row({
            ...common,
            record_type: 'RUI',
            record_id: `RUI-${n}`,
            recorded_at: at(hour + 6),
            released_on: dateAfter(0),
            ...suspectCols(suspect),
          });
        } else bailStatus = 'IN_CUSTODY';
      } else if (chance(0.1)) {
        bailStatus = 'VOLUNTARY_ATTENDANCE';
        row({
          ...common,
          record_type: 'VOLUNTARY_ATTENDANCE',
          record_id: `VA-${n}`,
          recorded_at: at(hour + 24),
          ...suspectCols(suspect),
        });
      }
      if (chance(DAILY_VOLUMES.dvpnShareOfIncidents)) {
        const noticeRef = `${area}/DVPN/${n}`;
        row({
          ...common,
          record_type: 'DVPN',
          record_id: `DVPN-${n}`,
          recorded_at: at(hour + 3),
          notice_ref: noticeRef,
          authorising_rank: 'Superintendent',
          authorised_at: at(hour + 3),
          served_at: at(hour + 4),
          conditions: `Not to molest ${victim.given} ${victim.family} | Not to enter ${victim.line1}, ${victim.town}`,
          ...suspectCols(suspect),
          ...victimCols(victim, confidential),
        });
        row({
          ...common,
          record_type: 'DVPO_APPLICATION',
          record_id: `DVPO-${n}`,
          recorded_at: at(hour + 20),
          notice_ref: noticeRef,
          court_code: '2577',
          court_name: "Leeds Magistrates' Court",
          hearing_at: at(hour + 44),
        });
      }
      if (bailRef && chance(0.05)) {
        row({
          ...common,
          record_type: 'BREACH',
          record_id: `BR-${n}`,
          recorded_at: at(hour + 72),
          breach_ref: `${area}/BR/${n}`,
          breached_kind: 'BAIL',
          breached_ref: bailRef,
          details: 'Seen at the victim’s address contrary to bail condition 1',
          ...suspectCols(suspect),
        });
      }
      if (chance(DAILY_VOLUMES.referralShareOfIncidents)) {
        row({
          ...common,
          record_type: 'CPS_REFERRAL',
          record_id: `REF-${n}`,
          recorded_at: at(hour + 30),
          offences,
          bail_status: bailStatus,
          risk_assessment_ref: `${area}/DASH/${n}`,
          statement_on: dateAfter(0),
          ...suspectCols(suspect),
        });
        const cmsCase = { urn, cmsCaseId: `CMS-${area}-${n}`, policeForce: area };
        cps.push(
          JSON.stringify({
            messageType: 'REFERRAL_RECEIPT',
            messageId: `CMS-${n}-R1`,
            version: 1,
            sentAt: at(hour + 32),
            case: cmsCase,
            receipt: { receivedOn: dateAfter(1) },
          }),
        );
        const charged = chance(0.7);
        cps.push(
          JSON.stringify({
            messageType: 'CHARGING_DECISION',
            messageId: `CMS-${n}-D1`,
            version: 1,
            sentAt: at(hour + 96),
            case: cmsCase,
            decision: {
              code: charged ? 'C' : 'NFA',
              decidedOn: dateAfter(4),
              charges: [
                {
                  offenceCode: offence.code,
                  wording: `${offence.text} of ${victim.given} ${victim.family}`,
                  mode: offence.mode,
                  dateOfOffence: dateAfter(0),
                  commonAssault: offence.ca === 'Y',
                },
              ],
              reason: charged ? null : 'Evidential stage not met',
            },
          }),
        );
        if (charged) {
          const defendant = `<Defendant${suspect.pnc ? ` pncId="${suspect.pnc}"` : ''} dateOfBirth="${suspect.dob}"><Name given="${xmlAttr(suspect.given)}" family="${xmlAttr(suspect.family)}"/><Offence code="${offence.code}" modeOfTrial="${offence.mode}" committedOn="${dateAfter(0)}" commonAssault="${offence.ca === 'Y'}">${offence.text}</Offence>`;
          const header = (id: string) =>
            `<?xml version="1.0" encoding="UTF-8"?>\n<CourtResults xmlns="urn:shieldline:criminal-court-results:1" messageId="${id}" version="1" sentAt="${at(hour + 150)}"><Court code="2577" name="Leeds Magistrates' Court" policeForce="${area}"/>`;
          courtResults.push({
            name: `results-${n}-1.xml`,
            xml: `${header(`LMC-${n}-1`)}<Hearing ref="LMC-H-${n}-1" start="${at(hour + 144)}" type="FIRST_HEARING"/><Case urn="${urn}" courtCaseNumber="LMC/${n}/${yy}">${defendant}<Verdict>ADJOURNED</Verdict><Result code="4014"><Text>Remanded on conditional bail</Text><Bail ref="LMC/${n}/B1"><Condition paragraph="1">Not to contact ${xmlAttr(victim.given)} ${xmlAttr(victim.family)} directly or indirectly</Condition></Bail></Result><NextHearing ref="LMC-H-${n}-2" start="${at(hour + 144 + 28 * 24)}" type="TRIAL"/></Defendant></Case></CourtResults>\n`,
          });
          if (chance(0.3)) {
            courtResults.push({
              name: `results-${n}-2.xml`,
              xml: `${header(`LMC-${n}-2`)}<Hearing ref="LMC-H-${n}-2" start="${at(hour + 144 + 28 * 24)}" type="TRIAL"/><Case urn="${urn}" courtCaseNumber="LMC/${n}/${yy}">${defendant}<Verdict>CONVICTED</Verdict><Result code="3047"><Text>Restraining order for two years</Text><Order ref="LMC/${n}/RO1" endsAt="${at(hour + 144 + 28 * 24 + 730 * 24)}"><ProtectedPerson addressConfidential="${confidential}"><Name given="${xmlAttr(victim.given)}" family="${xmlAttr(victim.family)}"/></ProtectedPerson><Condition paragraph="1">Not to contact ${xmlAttr(victim.given)} ${xmlAttr(victim.family)} directly or indirectly</Condition></Order></Result><Result code="1116"><Text>Community order 12 months with 100 hours unpaid work</Text></Result><Result code="4016"><Text>Bail ends on sentence</Text><Bail ref="LMC/${n}/B1"/></Result></Defendant></Case></CourtResults>\n`,
            });
          }
        }
      }
    }
    const orders = Math.round(DAILY_VOLUMES.nonMolestationOrders * scale);
    for (let o = 0; o < orders; o++) {
      orderSeq += 1;
      const n = `${seedTag}${String(orderSeq).padStart(5, '0')}`;
      const applicant = person();
      const respondent = person();
      const court = { code: 'LDSFC', name: 'Leeds Family Court' };
      const caseNumber = `LS${yy}F${n}`;
      family.push(
        JSON.stringify({
          messageType: 'ORDER_MADE',
          messageId: `LDSFC-${n}-M1`,
          version: 1,
          court,
          caseNumber,
          policeForce: area,
          order: {
            orderNumber: '1',
            form: 'FL404A',
            madeOn: at(11),
            withoutNotice: chance(0.5),
            powerOfArrest: false,
            effectiveFrom: at(11),
            endsOn: at(11 + 24 * 182),
            terms: [
              {
                paragraph: '1',
                code: 'NO_VIOLENCE',
                text: `The respondent must not use or threaten violence against ${applicant.given} ${applicant.family}.`,
              },
              {
                paragraph: '2',
                code: 'NO_CONTACT',
                text: `The respondent must not contact ${applicant.given} ${applicant.family} directly or indirectly.`,
              },
            ],
          },
          applicant: {
            forenames: applicant.given,
            surname: applicant.family,
            dateOfBirth: applicant.dob,
            address: { line1: applicant.line1, town: applicant.town, postcode: applicant.postcode },
            addressConfidential: true,
          },
          respondent: {
            forenames: respondent.given,
            surname: respondent.family,
            dateOfBirth: chance(0.85) ? respondent.dob : undefined,
            ...(respondent.pnc ? { pncId: respondent.pnc } : {}),
          },
        }),
      );
      if (chance(0.8))
        family.push(
          JSON.stringify({
            messageType: 'STATEMENT_OF_SERVICE',
            messageId: `LDSFC-${n}-S1`,
            version: 1,
            court,
            caseNumber,
            orderNumber: '1',
            servedOn: at(11 + 6 + rand() * 40),
            method: 'PERSONAL',
          }),
        );
    }
  }
  return {
    policeCsv: `${rows.join('\r\n')}\r\n`,
    familyCourtNdjson: family.length > 0 ? `${family.join('\n')}\n` : '',
    cpsNdjson: cps.length > 0 ? `${cps.join('\n')}\n` : '',
    courtResultsXml: courtResults,
    counts: {
      policeRows: rows.length - 1,
      familyCourtMessages: family.length,
      cpsMessages: cps.length,
      courtResultMessages: courtResults.length,
    },
  };
}
