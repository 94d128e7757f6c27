import { type Actor } from '../security/actor';

/**
 * Who a force's system is to the access step: that force's control room, for enforcement — it receives
 * (or acts for) what an officer of the force would be shown, never more (a police-perpetrated abuse
 * case's record is withheld from the accused force). `subject` names it in the audit chain.
 */
export function forceSystemActor(policeArea: string, subject: string): Actor {
  return {
    subject,
    agency: 'police',
    purpose: 'enforcement',
    purposes: ['enforcement'],
    roles: ['control-room'],
    area: policeArea,
    tokenId: null,
    expiresAt: Number.MAX_SAFE_INTEGER,
  };
}
