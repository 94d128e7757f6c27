/**
 * Entitlements, deny by default: one declarative table of agency × role × purpose → what the holder may
 * read or do. Anything the table does not grant is refused. The reason for each row is the necessity and
 * proportionality test of the Data Protection Act 2018 Part 3 (s.35: law-enforcement processing must be
 * necessary for the purpose; s.36: not processed in a manner incompatible with it) applied to the access
 * rules in docs/access-control.md. README "Security" and docs/access-control.md list the same table.
 */

export const AGENCIES = ['police', 'cps', 'court', 'idva', 'immigration', 'other'] as const;
export type Agency = (typeof AGENCIES)[number];

export const PURPOSES = [
  'enforcement',
  'safeguarding',
  'prosecution',
  'analysis',
  'publication',
  'operations',
  'audit',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Roles Shieldline knows. A token's other role names are ignored (never a grant). */
export const ROLES = [
  /** Response / attending officer. */
  'officer',
  /** Domestic-abuse supervisor or sergeant. */
  'supervisor',
  /** Force control room or DA unit. */
  'control-room',
  /** Custody sergeant (bail decisions). */
  'custody-sergeant',
  /** Professional standards: may read police-perpetrated abuse cases in the accused officer's force. */
  'professional-standards',
  /** Investigator of a police-perpetrated abuse case (DAC:1394, DAC:1472). */
  'ppda-investigator',
  /** CPS prosecutor or paralegal. */
  'prosecutor',
  /** Independent domestic violence adviser. */
  'idva',
  /** Performance or JJP analyst: aggregates only. */
  'analyst',
  /** Runs the hub: dead letters and re-drive. */
  'operator',
  /** Reads the consultation log (who looked at what). */
  'auditor',
  /** Revokes tokens; sets any force's delivery settings. */
  'security-admin',
  /** Sets its own force's delivery settings (how soon an order must be acknowledged, escalation). */
  'force-admin',
  /** A court or police system publishing its records. */
  'publisher',
  /**
   * The hub's own sender of victim notifications (src/delivery/victim-notification.ts). Never taken from a
   * token: identity.ts drops it with the other hub-only roles.
   */
  'victim-notifier',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles only the hub's own workers act under; a token naming one does not get it. */
export const HUB_ONLY_ROLES: readonly Role[] = ['victim-notifier'];

/** Kinds of data a record holds; each record the read side returns carries one. */
export const DATA_CLASSES = [
  /** Who a suspect, respondent or defendant is: names, date of birth, PNC / CRO numbers. */
  'IDENTITY',
  /** Who a victim or protected person is. */
  'VICTIM_IDENTITY',
  /** Protective orders and their conditions (NMO, occupation, restraining, DVPO, DAPO…). */
  'ORDERS',
  /** Pre-charge and court bail with conditions. */
  'BAIL',
  /** DVPNs / DAPNs. */
  'NOTICES',
  /** Cases, their timelines, clocks and alerts, charging decisions, hearings. */
  'CASE',
  /** DASH / DARA risk history. */
  'RISK',
  /** Incidents and their offences. */
  'INCIDENTS',
  /** Postal addresses and postcodes, structured or inside free text. */
  'ADDRESS',
  /** Records of a police-perpetrated abuse case, inside the accused officer's own force. */
  'PPDA_CASE',
  /** Rejected source records (raw bytes: anything at all). */
  'DEAD_LETTERS',
  /** Reconciliation results: which source records are missing, extra or changed at the hub. */
  'RECONCILIATION',
  /**
   * A protected person's consent to be told and where (safe phone, email or postal address), and the
   * messages sent on it.
   */
  'VICTIM_CONTACT',
  /** The consultation log. */
  'AUDIT_TRAIL',
  /** Counts, never joinable to a person. */
  'AGGREGATES',
] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/** Things a holder may do that are not reads. */
export const CAPABILITIES = [
  'PUBLISH_RECORDS',
  'ACKNOWLEDGE_ORDERS',
  'REVOKE_TOKENS',
  'FORCE_SETTINGS',
  'RECORD_VICTIM_CONSENT',
  'REVIEW_PERSON_LINKS',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export type Grant = DataClass | Capability;

/**
 * NATIONAL: records of any police area. OWN_AREA: only records of the holder's own police area (a token
 * without an area then gets none).
 */
export type Reach = 'NATIONAL' | 'OWN_AREA';

export interface Entitlement {
  agencies: readonly Agency[];
  /** Any one of these roles. */
  roles: readonly Role[];
  purposes: readonly Purpose[];
  grants: readonly Grant[];
  reach: Reach;
  /** Whether the holder must name the police area they work for (every police and IDVA row). */
  requiresArea: boolean;
  reason: string;
}

const POLICE_READERS: readonly Role[] = ['officer', 'supervisor', 'control-room', 'custody-sergeant'];
const PERSONAL_CASE_DATA: readonly DataClass[] = [
  'IDENTITY',
  'VICTIM_IDENTITY',
  'ORDERS',
  'BAIL',
  'NOTICES',
  'CASE',
  'RISK',
  'INCIDENTS',
];
/** Every agency but immigration enforcement, which the firewall excludes from everything (DAC:1521). */
const NOT_IMMIGRATION: readonly Agency[] = ['police', 'cps', 'court', 'idva', 'other'];

export const ENTITLEMENTS: readonly Entitlement[] = [
  {
    agencies: ['police'],
    roles: ['supervisor', 'control-room'],
    purposes: ['enforcement', 'safeguarding'],
    grants: ['REVIEW_PERSON_LINKS'],
    reach: 'NATIONAL',
    requiresArea: true,
    // Deciding that two records are (or are not) one person changes what every officer sees at the door:
    // a supervisor or the DA unit, not the attending officer, with a reason (docs/person-linkage.md).
    reason:
      'confirming or rejecting a scored person link changes which orders an officer is shown; a ' +
      'supervisor or DA unit decides it, with a reason',
  },
  {
    agencies: ['police'],
    roles: POLICE_READERS,
    purposes: ['enforcement', 'safeguarding'],
    grants: [...PERSONAL_CASE_DATA, 'ADDRESS', 'ACKNOWLEDGE_ORDERS'],
    reach: 'NATIONAL',
    requiresArea: true,
    // An officer must know at the door whether a person is under an order or bail, with every condition
    // and where the protected person lives, in whichever force the order was made (DAC:747, DAC:1522).
    // Confidential addresses stay within the record's own area (record label, docs/access-control.md).
    reason:
      'enforcing orders and bail and safeguarding victims needs the person, the orders, bail, notices, ' +
      'case history and where the protected person lives (DAC:747, DAC:1522)',
  },
  {
    agencies: ['police'],
    roles: ['professional-standards', 'ppda-investigator'],
    purposes: ['enforcement', 'safeguarding'],
    grants: [...PERSONAL_CASE_DATA, 'ADDRESS', 'PPDA_CASE'],
    reach: 'NATIONAL',
    requiresArea: true,
    // PPDA cases are restricted inside the accused officer's force, but someone there must investigate
    // and protect: professional standards and the named investigator (DAC:1394, DAC:1472).
    reason:
      'investigating police-perpetrated abuse needs the case inside the accused force, by named roles only ' +
      '(DAC:1394, DAC:1472)',
  },
  {
    agencies: ['cps'],
    roles: ['prosecutor'],
    purposes: ['prosecution'],
    grants: PERSONAL_CASE_DATA,
    reach: 'NATIONAL',
    requiresArea: false,
    // A charging decision needs the case, the bail status and risk at referral (DAC:640, JJP); it does
    // not need where the victim lives, so no addresses (also not in free text).
    reason:
      'charging and prosecuting needs the case, its parties, bail, orders and risk, not the victim’s ' +
      'address (DAC:640)',
  },
  {
    agencies: ['idva'],
    roles: ['idva'],
    purposes: ['safeguarding'],
    grants: ['IDENTITY', 'VICTIM_IDENTITY'],
    reach: 'NATIONAL',
    requiresArea: true,
    // An IDVA must find the person they support, wherever the records about them were made…
    reason: 'supporting a victim starts with finding them and the person who harms them (DAC:504)',
  },
  {
    agencies: ['idva'],
    roles: ['idva'],
    purposes: ['safeguarding'],
    grants: ['ORDERS', 'BAIL', 'NOTICES', 'RISK', 'ADDRESS'],
    reach: 'OWN_AREA',
    requiresArea: true,
    // …and needs the orders, bail and risk of their own area that protect them, not the investigation
    // (case files, incidents and timelines stay with police and CPS).
    reason:
      'supporting a victim of the adviser’s own area needs the orders, bail, notices and risk that protect ' +
      'them (DAC:504, DAC:890)',
  },
  {
    agencies: ['police'],
    roles: ['supervisor', 'control-room'],
    purposes: ['enforcement', 'safeguarding'],
    grants: ['AGGREGATES'],
    reach: 'OWN_AREA',
    requiresArea: true,
    // APP:42: oversight "with access to data on local trends, serial perpetrators, repeat victims and case
    // progress". Counts only, of the force's own area; the records themselves come through the rows above.
    reason:
      'a force’s domestic-abuse oversight needs "data on local trends" of its own area (APP:42): counts, ' +
      'never a person',
  },
  {
    agencies: NOT_IMMIGRATION,
    roles: ['analyst'],
    purposes: ['analysis'],
    grants: ['AGGREGATES'],
    reach: 'NATIONAL',
    requiresArea: false,
    // Timeliness and volume figures are needed by force, month and type (DAC:1526-1557); a person is not.
    reason: 'performance and JJP figures need counts by area, type and month, never a person (DAC:1526)',
  },
  {
    agencies: NOT_IMMIGRATION,
    roles: ['operator'],
    purposes: ['operations'],
    grants: ['DEAD_LETTERS', 'RECONCILIATION'],
    reach: 'NATIONAL',
    requiresArea: false,
    // A rejected record must be read to be fixed and re-driven, or it is lost (nothing lost, nothing
    // invented); only operators, for operations, and every read is audited.
    reason:
      'repairing and re-driving rejected records needs their original bytes; finding what a source sent and the hub lacks needs its record ids',
  },
  {
    agencies: ['police', 'cps', 'other'],
    roles: ['auditor'],
    purposes: ['audit'],
    grants: ['AUDIT_TRAIL', 'IDENTITY', 'VICTIM_IDENTITY'],
    reach: 'NATIONAL',
    requiresArea: false,
    // DPA 2018 s.62 logs exist to be checked: an auditor finds the person and reads who consulted them.
    reason: 'checking lawful use (DPA 2018 s.62) needs the consultation log and the person it is about',
  },
  {
    agencies: ['court', 'police', 'cps'],
    roles: ['publisher'],
    purposes: ['publication'],
    grants: ['PUBLISH_RECORDS'],
    reach: 'NATIONAL',
    requiresArea: false,
    reason: 'a court, police or CPS system publishes its own records; publishing reads nothing',
  },
  {
    agencies: NOT_IMMIGRATION,
    roles: ['security-admin'],
    purposes: ['operations'],
    grants: ['REVOKE_TOKENS'],
    reach: 'NATIONAL',
    requiresArea: false,
    reason: 'withdrawing a lost or misused token must take effect everywhere at once',
  },
  {
    agencies: NOT_IMMIGRATION,
    roles: ['security-admin'],
    purposes: ['operations'],
    grants: ['FORCE_SETTINGS'],
    reach: 'NATIONAL',
    requiresArea: false,
    reason: 'the hub’s security administrators keep every force’s delivery settings',
  },
  {
    agencies: ['police'],
    roles: ['force-admin'],
    purposes: ['operations'],
    grants: ['FORCE_SETTINGS'],
    reach: 'OWN_AREA',
    requiresArea: true,
    // A force decides how soon its people must acknowledge an order and how often to escalate; it
    // reads no personal data to do so, and sets only its own.
    reason: 'a force sets how soon its own people must acknowledge a notified order, and how it escalates',
  },
  {
    agencies: ['police'],
    // The PPDA roles too: inside an accused officer's force they are the ones who may reach its victim.
    roles: [...POLICE_READERS, 'professional-standards', 'ppda-investigator'],
    purposes: ['safeguarding'],
    grants: ['VICTIM_CONTACT', 'RECORD_VICTIM_CONSENT'],
    reach: 'OWN_AREA',
    requiresArea: true,
    // The force that supports a victim records whether and how they want to be told (VINE: registration
    // by the victim's choice), and only that force reads where to reach them: a safe number is never
    // national (DAC:890).
    reason:
      'telling a victim what happens to the order, bail or case that protects them needs their consent and ' +
      'safe contact details, within the supporting force (DAC:890)',
  },
  {
    agencies: ['idva'],
    roles: ['idva'],
    purposes: ['safeguarding'],
    grants: ['VICTIM_CONTACT', 'RECORD_VICTIM_CONSENT'],
    reach: 'OWN_AREA',
    requiresArea: true,
    reason:
      'an adviser records the consent of the person they support, and how to reach them safely (DAC:504, DAC:890)',
  },
  {
    agencies: ['other'],
    roles: ['victim-notifier'],
    purposes: ['safeguarding'],
    grants: ['VICTIM_CONTACT'],
    reach: 'NATIONAL',
    requiresArea: false,
    // The hub reads a consent to send what the person asked for, to them; the message carries no record
    // data beyond a date (src/domain/rules/victim-messages.ts). Hub-only: no token carries this role.
    reason:
      'sending a protected person the messages they consented to needs their consent and contact details',
  },
];

/** What a holder is granted: each grant with its widest reach, from every row that matches. */
export type Grants = ReadonlyMap<Grant, { reach: Reach; requiresArea: boolean }>;

export interface Holder {
  agency: string;
  roles: readonly string[];
  purpose: string;
}

export function grantsOf(holder: Holder, table: readonly Entitlement[] = ENTITLEMENTS): Grants {
  const grants = new Map<Grant, { reach: Reach; requiresArea: boolean }>();
  // The firewall is a hard consumer rule: no row, present or future, can grant immigration anything.
  if (holder.agency === 'immigration') return grants;
  for (const row of table) {
    if (!(row.agencies as readonly string[]).includes(holder.agency)) continue;
    if (!(row.purposes as readonly string[]).includes(holder.purpose)) continue;
    if (!row.roles.some((r) => holder.roles.includes(r))) continue;
    for (const grant of row.grants) {
      const before = grants.get(grant);
      const reach = before?.reach === 'NATIONAL' || row.reach === 'NATIONAL' ? 'NATIONAL' : 'OWN_AREA';
      const requiresArea = before ? before.requiresArea && row.requiresArea : row.requiresArea;
      grants.set(grant, { reach, requiresArea });
    }
  }
  return grants;
}
