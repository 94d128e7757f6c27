import {
  EVENT_TYPES,
  type EventDraft,
  exclusionZonesFromTerms,
  hostileStrings,
  isRealDate,
  isRealInstant,
  londonCivilDate,
  type NormalizeResult,
  type Problem,
  reject,
  rejectCollected,
  type RejectionReason,
} from '../contract';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { RESULT_CODES, VERDICTS } from './result-codes';

export const COURT_RESULTS_CONNECTOR_ID = 'criminal-court-results';
export const COURT_RESULTS_NAMESPACE = 'urn:shieldline:criminal-court-results:1';

const REPEATED = new Set(['Defendant', 'Offence', 'Result', 'Condition', 'ProtectedPerson', 'ExclusionZone']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => REPEATED.has(name),
  // Entities are decoded by decodeEntities below (the five predefined ones and character references
  // only); DOCTYPEs are refused before parsing, so nothing can define more.
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
  parseAttributeValue: false,
  parseTagValue: false,
  removeNSPrefix: false,
});

type Element = Record<string, unknown>;

class Reader {
  readonly problems: (Problem & { reason: RejectionReason })[] = [];

  problem(path: string, message: string, reason: RejectionReason = 'SCHEMA_INVALID'): void {
    this.problems.push({ path, message, reason });
  }

  element(parent: Element, name: string, path: string, required: boolean): Element | null {
    const value = parent[name];
    if (value === undefined) {
      if (required) this.problem(`${path}/${name}`, 'is required');
      return null;
    }
    // A text-only element parses as its text; an empty one as ''.
    if (typeof value === 'string') return { '#text': value };
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problem(`${path}/${name}`, 'must appear once');
      return null;
    }
    return value as Element;
  }

  elements(parent: Element, name: string): Element[] {
    const value = parent[name];
    if (!Array.isArray(value)) return [];
    return value.map((v) => (typeof v === 'object' && v !== null ? (v as Element) : { '#text': String(v) }));
  }

  attr(el: Element, name: string, path: string, required: boolean): string | null {
    const value = el[`@${name}`];
    if (typeof value !== 'string' || value.trim() === '') {
      if (required) this.problem(`${path}/@${name}`, 'is required');
      return null;
    }
    return value.trim();
  }

  text(el: Element, path: string, required: boolean): string | null {
    const value = el['#text'];
    const text = typeof value === 'string' ? value.trim() : '';
    if (!text && required) this.problem(path, 'needs text');
    return text || null;
  }

  date(el: Element, name: string, path: string, required: boolean): string | null {
    const value = this.attr(el, name, path, required);
    if (value === null) return null;
    if (!isRealDate(value)) {
      const shaped = /^\d{4}-\d{2}-\d{2}$/.test(value);
      this.problem(
        `${path}/@${name}`,
        shaped ? `${value} is not a real date` : `must be YYYY-MM-DD, got "${value}"`,
        shaped ? 'IMPOSSIBLE_DATE' : 'SCHEMA_INVALID',
      );
    }
    return value;
  }

  instant(el: Element, name: string, path: string, required: boolean): string | null {
    const value = this.attr(el, name, path, required);
    if (value === null) return null;
    if (!isRealInstant(value)) {
      this.problem(
        `${path}/@${name}`,
        `must be a real ISO 8601 time with its offset (e.g. 2026-03-02T10:00:00Z), got "${value}"`,
        /^\d{4}-\d{2}-\d{2}T/.test(value) ? 'IMPOSSIBLE_DATE' : 'SCHEMA_INVALID',
      );
      return value;
    }
    return new Date(value).toISOString();
  }

  /** true / false when given; null when the message does not say (never defaulted). */
  optionalBool(el: Element, name: string, path: string): boolean | null {
    const value = this.attr(el, name, path, false);
    if (value === null) return null;
    if (value === 'true') return true;
    if (value === 'false') return false;
    this.problem(`${path}/@${name}`, `must be true or false, got "${value}"`);
    return null;
  }

  bool(el: Element, name: string, path: string): boolean {
    const value = this.attr(el, name, path, false);
    if (value === null || value === 'false') return false;
    if (value === 'true') return true;
    this.problem(`${path}/@${name}`, `must be true or false, got "${value}"`);
    return false;
  }

  party(el: Element | null, path: string, confidentialAllowed: boolean) {
    if (!el) return null;
    const name = this.element(el, 'Name', path, true) ?? {};
    const address = this.element(el, 'Address', path, false);
    return {
      name: {
        given: this.attr(name, 'given', `${path}/Name`, true) ?? '',
        family: this.attr(name, 'family', `${path}/Name`, true) ?? '',
      },
      dateOfBirth: this.date(el, 'dateOfBirth', path, false),
      pncId: this.attr(el, 'pncId', path, false),
      croNumber: this.attr(el, 'croNumber', path, false),
      address: address
        ? {
            line1: this.attr(address, 'line1', `${path}/Address`, true) ?? '',
            line2: this.attr(address, 'line2', `${path}/Address`, false),
            town: this.attr(address, 'town', `${path}/Address`, false),
            postcode: this.attr(address, 'postcode', `${path}/Address`, true) ?? '',
          }
        : null,
      addressConfidential: confidentialAllowed && this.bool(el, 'addressConfidential', path),
    };
  }

  conditions(parent: Element, path: string) {
    return this.elements(parent, 'Condition').map((c, i) => ({
      paragraph: this.attr(c, 'paragraph', `${path}/Condition[${i + 1}]`, false) ?? String(i + 1),
      code: this.attr(c, 'code', `${path}/Condition[${i + 1}]`, false),
      text: this.text(c, `${path}/Condition[${i + 1}]`, true) ?? '',
    }));
  }
}

const MODES = { S: 'SUMMARY_ONLY', E: 'EITHER_WAY', I: 'INDICTABLE_ONLY' } as const;

/**
 * Pure: one court result message (XML, modelled on CJS result messages — see README.md) → events: the
 * hearing outcome with every coded result, and for the codes in result-codes.ts restraining orders, court
 * bail granted / varied / revoked, remand in custody, sentence; plus the next hearing when listed.
 */
export function normalizeCourtResults(bytes: Buffer): NormalizeResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return reject('UNPARSEABLE', [{ path: '', message: 'message is not valid UTF-8' }]);
  }
  // No DTDs at all: entity expansion ("billion laughs"), external entities (XXE) and parameter
  // entities all live there, and a results message has no use for one.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    return reject('FORBIDDEN_CONSTRUCT', [
      { path: '', message: 'DOCTYPE / ENTITY declarations are refused' },
    ]);
  }
  const declared = /^\s*<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(text)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    return reject('UNPARSEABLE', [
      { path: '', message: `encoding "${declared}" is not accepted; send UTF-8` },
    ]);
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    return reject('UNPARSEABLE', [
      { path: '', message: `not well-formed XML at line ${valid.err.line}: ${valid.err.msg}` },
    ]);
  }
  const document = parser.parse(text) as Element;
  const undefinedEntity = decodeEntities(document);
  if (undefinedEntity) {
    return reject('UNPARSEABLE', [
      {
        path: '',
        message: `undefined entity ${undefinedEntity} (only &lt; &gt; &amp; &quot; &apos; and &#…; exist without a DTD)`,
      },
    ]);
  }
  const hostile = hostileStrings(document, { checkKeys: false });
  if (hostile.length > 0) return reject('FORBIDDEN_CONSTRUCT', hostile);
  const r = new Reader();
  const root = r.element(document, 'CourtResults', '', true);
  if (!root) return finish(r, []);
  if (root['@xmlns'] !== COURT_RESULTS_NAMESPACE) {
    r.problem('/CourtResults/@xmlns', `must be ${COURT_RESULTS_NAMESPACE}`);
    return finish(r, []);
  }
  const messageId = r.attr(root, 'messageId', '/CourtResults', true) ?? '';
  const version = r.attr(root, 'version', '/CourtResults', true) ?? '';
  const sentAt = r.instant(root, 'sentAt', '/CourtResults', false);
  const courtEl = r.element(root, 'Court', '/CourtResults', true) ?? {};
  const court = {
    code: r.attr(courtEl, 'code', '/CourtResults/Court', true) ?? '',
    name: r.attr(courtEl, 'name', '/CourtResults/Court', true) ?? '',
  };
  const policeArea = r.attr(courtEl, 'policeForce', '/CourtResults/Court', true) ?? '';
  const hearingEl = r.element(root, 'Hearing', '/CourtResults', true) ?? {};
  const hearingRef = r.attr(hearingEl, 'ref', '/CourtResults/Hearing', true) ?? '';
  const hearingStart = r.instant(hearingEl, 'start', '/CourtResults/Hearing', true) ?? '';
  const caseEl = r.element(root, 'Case', '/CourtResults', true) ?? {};
  const caseUrn = r.attr(caseEl, 'urn', '/CourtResults/Case', true) ?? '';
  const courtCaseNumber = r.attr(caseEl, 'courtCaseNumber', '/CourtResults/Case', true) ?? '';
  const defendants = r.elements(caseEl, 'Defendant');
  if (defendants.length === 0) r.problem('/CourtResults/Case/Defendant', 'at least one is required');

  const drafts: Omit<EventDraft, 'sourceRecordId' | 'sourceRecordVersion' | 'occurredAt'>[] = [];
  defendants.forEach((d, di) => {
    const path = `/CourtResults/Case/Defendant[${di + 1}]`;
    const defendant = r.party(d, path, false)!;
    // Whether the defendant was in court when the results were given: an order made in their presence
    // binds them from that moment, with no service needed.
    const present = r.optionalBool(d, 'present', path);
    const offences = r.elements(d, 'Offence').map((o, oi) => {
      const where = `${path}/Offence[${oi + 1}]`;
      const mode = r.attr(o, 'modeOfTrial', where, true) ?? '';
      const modeOfTrial = MODES[mode as keyof typeof MODES];
      if (mode && !modeOfTrial)
        r.problem(`${where}/@modeOfTrial`, `unknown mode "${mode}" (known: S, E, I)`, 'UNKNOWN_CODE');
      return {
        code: r.attr(o, 'code', where, true) ?? '',
        description: r.text(o, where, true) ?? '',
        modeOfTrial: modeOfTrial ?? 'EITHER_WAY',
        committedOn: r.date(o, 'committedOn', where, false),
        commonAssault: r.bool(o, 'commonAssault', where),
      };
    });
    const verdictEl = r.element(d, 'Verdict', path, true);
    const verdict = verdictEl ? r.text(verdictEl, `${path}/Verdict`, true) : null;
    if (verdict && !(VERDICTS as readonly string[]).includes(verdict))
      r.problem(
        `${path}/Verdict`,
        `unknown verdict "${verdict}" (known: ${VERDICTS.join(', ')})`,
        'UNKNOWN_CODE',
      );
    const results = r.elements(d, 'Result');
    const coded = results.map((res, ri) => ({
      code: r.attr(res, 'code', `${path}/Result[${ri + 1}]`, true) ?? '',
      text:
        r.text(
          r.element(res, 'Text', `${path}/Result[${ri + 1}]`, true) ?? {},
          `${path}/Result[${ri + 1}]/Text`,
          true,
        ) ?? '',
    }));
    drafts.push({
      type: EVENT_TYPES.hearingOutcome,
      subject: caseUrn,
      data: { caseUrn, policeArea, hearingRef, outcome: verdict ?? '', results: coded },
    });
    const nextHearing = r.element(d, 'NextHearing', path, false);
    const nextHearingAt = nextHearing ? r.instant(nextHearing, 'start', `${path}/NextHearing`, true) : null;
    // The day the defendant must attend, as a London calendar day (bail runs to that day).
    const nextHearingOn =
      nextHearingAt && isRealInstant(nextHearingAt) ? londonCivilDate(nextHearingAt) : null;
    results.forEach((res, ri) => {
      const where = `${path}/Result[${ri + 1}]`;
      const code = coded[ri]!.code;
      const known = RESULT_CODES[code];
      const order = r.element(res, 'Order', where, false);
      const bail = r.element(res, 'Bail', where, false);
      if (!known) {
        // Kept on the hearing outcome; but a result that carries an order or bail must be understood.
        if (order || bail)
          r.problem(
            `${where}/@code`,
            `unknown result code "${code}" carries ${order ? 'an order' : 'bail'}`,
            'UNKNOWN_CODE',
          );
        return;
      }
      const action = known.action;
      switch (action.kind) {
        case 'ORDER': {
          if (!order) {
            r.problem(`${where}/Order`, `is required for result ${code}`);
            return;
          }
          const orderRef = r.attr(order, 'ref', `${where}/Order`, true) ?? '';
          const protectedPersons = r
            .elements(order, 'ProtectedPerson')
            .map((p, pi) => r.party(p, `${where}/Order/ProtectedPerson[${pi + 1}]`, true)!);
          if (protectedPersons.length === 0)
            r.problem(`${where}/Order/ProtectedPerson`, 'at least one is required');
          const conditions = r.conditions(order, `${where}/Order`);
          // A DVPO lasts 14 to 28 days (CSA 2010 s.28(10)): its end is part of the order, never assumed.
          const endsAt = r.instant(order, 'endsAt', `${where}/Order`, action.orderType === 'DVPO');
          drafts.push({
            type: EVENT_TYPES.orderGranted,
            subject: orderRef,
            recordKey: 'grant',
            data: {
              orderRef,
              orderType: action.orderType,
              sourceOrderCode: code,
              court,
              caseNumber: courtCaseNumber,
              caseUrn,
              policeArea,
              respondent: defendant,
              protectedPersons,
              conditions,
              exclusionZones: exclusionZonesFromTerms(conditions),
              // Each is enforced by arrest: breach of a restraining order is an offence (PHA 1997 s.5(5)),
              // a DVPO carries a power of arrest (CSA 2010 s.28(9)), breach of a DAPO is an offence
              // (DAA 2021 s.39(1)).
              powerOfArrest: true,
              withoutNotice: false,
              respondentPresent: present,
              madeAt: hearingStart,
              effectiveFrom: hearingStart,
              expiresAt: endsAt,
            },
          });
          return;
        }
        case 'ORDER_VARIED':
        case 'ORDER_DISCHARGED': {
          if (!order) {
            r.problem(`${where}/Order`, `is required for result ${code}`);
            return;
          }
          const orderRef = r.attr(order, 'ref', `${where}/Order`, true) ?? '';
          if (action.kind === 'ORDER_DISCHARGED') {
            drafts.push({
              type: EVENT_TYPES.orderDischarged,
              subject: orderRef,
              recordKey: 'discharge',
              data: { orderRef, reason: coded[ri]!.text || null },
            });
            return;
          }
          const variation = r.attr(order, 'variation', `${where}/Order`, true) ?? '';
          if (variation && !/^[1-9]\d{0,5}$/.test(variation))
            r.problem(`${where}/Order/@variation`, `must be a whole number from 1, got "${variation}"`);
          // Terms given replace the order's; none given leaves them as they were (not "no conditions").
          const conditions = r.conditions(order, `${where}/Order`);
          drafts.push({
            type: EVENT_TYPES.orderVaried,
            subject: orderRef,
            recordKey: `variation ${Number(variation) || 1}`,
            data: {
              orderRef,
              variationNumber: Number(variation) || 1,
              conditions: conditions.length > 0 ? conditions : null,
              exclusionZones: conditions.length > 0 ? exclusionZonesFromTerms(conditions) : null,
              reason: coded[ri]!.text || null,
            },
          });
          const endsAt = r.instant(order, 'endsAt', `${where}/Order`, false);
          if (endsAt)
            drafts.push({
              type: EVENT_TYPES.orderExtended,
              subject: orderRef,
              recordKey: `variation ${Number(variation) || 1}`,
              data: { orderRef, expiresAt: endsAt },
            });
          return;
        }
        case 'BAIL_GRANTED':
        case 'BAIL_VARIED':
        case 'BAIL_REVOKED': {
          if (!bail) {
            r.problem(`${where}/Bail`, `is required for result ${code}`);
            return;
          }
          const bailRef = r.attr(bail, 'ref', `${where}/Bail`, true) ?? '';
          const conditions = r.conditions(bail, `${where}/Bail`);
          if (action.kind === 'BAIL_GRANTED') {
            // Conditional bail without its conditions is not "no conditions": refused, never [] invented.
            if (action.conditional && conditions.length === 0)
              r.problem(`${where}/Bail/Condition`, `conditional bail (${code}) needs its conditions`);
            if (!action.conditional && conditions.length > 0)
              r.problem(
                `${where}/Bail/Condition`,
                `unconditional bail (${code}) has no conditions; conditional bail is 4014`,
              );
            drafts.push({
              type: EVENT_TYPES.courtBailGranted,
              subject: bailRef,
              recordKey: 'grant',
              data: { bailRef, caseUrn, policeArea, court, defendant, conditions, nextHearingOn },
            });
          } else if (action.kind === 'BAIL_VARIED') {
            drafts.push({
              type: EVENT_TYPES.courtBailVaried,
              subject: bailRef,
              data: { bailRef, conditions: conditions.length > 0 ? conditions : null, nextHearingOn },
            });
          } else {
            drafts.push({
              type: EVENT_TYPES.courtBailRevoked,
              subject: bailRef,
              recordKey: 'revocation',
              data: { bailRef, reason: coded[ri]!.text },
            });
          }
          return;
        }
        case 'REMAND_IN_CUSTODY':
          drafts.push({
            type: EVENT_TYPES.remandedInCustody,
            subject: caseUrn,
            data: { caseUrn, policeArea, court, defendant, nextHearingOn },
          });
          return;
        case 'SENTENCE':
          if (offences.length === 0) r.problem(`${path}/Offence`, 'a sentence needs the offences it is for');
          drafts.push({
            type: EVENT_TYPES.sentencePassed,
            subject: caseUrn,
            data: {
              caseUrn,
              policeArea,
              court,
              defendant,
              offences,
              sentence: coded[ri]!.text,
              results: [coded[ri]!],
            },
          });
          return;
      }
    });
    if (nextHearing) {
      drafts.push({
        type: EVENT_TYPES.hearingListed,
        subject: caseUrn,
        data: {
          caseUrn,
          policeArea,
          hearingRef: r.attr(nextHearing, 'ref', `${path}/NextHearing`, true) ?? '',
          courtCaseNumber,
          court,
          hearingType: r.attr(nextHearing, 'type', `${path}/NextHearing`, true) ?? '',
          listedFor: nextHearingAt ?? '',
        },
      });
    }
  });
  return finish(
    r,
    drafts.map((d) => ({
      ...d,
      occurredAt: sentAt,
      sourceRecordId: messageId,
      sourceRecordVersion: version,
    })),
  );
}

function finish(r: Reader, drafts: EventDraft[]): NormalizeResult {
  return r.problems.length === 0 ? { ok: true, drafts } : rejectCollected(r.problems);
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY = /&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);|&/g;

/**
 * Decodes the predefined entities and character references in every string of the parsed document, in
 * one pass (so "&amp;lt;" stays the text "&lt;"). Returns the first undefined entity, if any.
 */
function decodeEntities(node: Element | unknown[]): string | null {
  let undefinedEntity: string | null = null;
  const decode = (value: string): string =>
    value.replace(ENTITY, (match, name: string | undefined) => {
      if (name === undefined) {
        undefinedEntity ??= '"&" (a bare ampersand)';
        return match;
      }
      if (name.startsWith('#')) {
        const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        if (code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
        undefinedEntity ??= match;
        return match;
      }
      const known = PREDEFINED[name];
      if (known === undefined) undefinedEntity ??= match;
      return known ?? match;
    });
  const stack: (Element | unknown[])[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const [key, value] of Object.entries(current)) {
      if (typeof value === 'string') (current as Record<string, unknown>)[key] = decode(value);
      else if (typeof value === 'object' && value !== null) stack.push(value as Element);
    }
  }
  return undefinedEntity;
}
