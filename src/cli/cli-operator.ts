import { type Actor } from '../security/actor';

/** The person at the command line, as an actor: an operator, for operations, audited by name. */
export function cliOperator(name: string): Actor {
  return {
    subject: name,
    agency: 'other',
    purpose: 'operations',
    purposes: ['operations'],
    roles: ['operator'],
    area: null,
    tokenId: null,
    expiresAt: Number.MAX_SAFE_INTEGER,
  };
}
