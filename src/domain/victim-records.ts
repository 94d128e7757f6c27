/*
 * Victims' consents and the notifications sent under them, as the victim-notification repository stores
 * them and the victim-contact service reads them (declared here so the service imports no repository).
 */
import { type RecordAccess } from '../security/access-step';
import {
  type NotificationKind,
  type QuietWindow,
  type VictimChannel,
  type VictimDetail,
  type VictimTopic,
} from './rules/victim-messages';

/** Where a person asked to be told: exactly one of these, as the channel needs. */
export interface VictimContact {
  phoneNumber?: string;
  emailAddress?: string;
  /** A safe postal address the person chose (not necessarily where they live): 2–6 lines and a postcode. */
  postalAddress?: { lines: string[]; postcode: string };
}

export interface NewConsent {
  consentId: string;
  personId: string;
  policeArea: string;
  channel: VictimChannel;
  contact: VictimContact;
  topics: readonly VictimTopic[];
  detail: VictimDetail;
  doNotLeaveMessages: boolean;
  quietHours: readonly QuietWindow[];
  consentedAt: Date;
  recordedBy: string;
  recordedByAgency: string;
}

export interface ConsentRecord extends NewConsent {
  recordedAt: Date;
  withdrawnAt: Date | null;
  withdrawnBy: string | null;
  withdrawalReason: string | null;
  access: RecordAccess;
}

export type VictimNotificationStatus =
  /** Waiting to be sent (a retry, or a quiet window). */
  | 'PENDING'
  /** Accepted by GOV.UK Notify; its status callbacks follow. */
  | 'SENDING'
  | 'DELIVERED'
  | 'PERMANENT_FAILURE'
  | 'TEMPORARY_FAILURE'
  | 'TECHNICAL_FAILURE'
  /** The hub could not hand it to Notify (alerted to the force). */
  | 'FAILED'
  /** Not sent: the consent was withdrawn first. */
  | 'CANCELLED';

export interface StatusStep {
  status: string;
  at: string;
  detail: string | null;
}

export interface NotificationRecord {
  notificationId: string;
  consentId: string;
  personId: string;
  policeArea: string;
  kind: NotificationKind;
  streamKey: string;
  subjectRef: string;
  raisedBy: string;
  occurredAt: Date | null;
  status: VictimNotificationStatus;
  attempts: number;
  lastError: string | null;
  notifyId: string | null;
  sentAt: Date | null;
  statusAt: Date | null;
  history: StatusStep[];
  createdAt: Date;
  access: RecordAccess;
}

/** A notification as the sender works it: with its consent and the force's contact line. */
export interface NotificationToSend extends NotificationRecord {
  consent: ConsentRecord;
  contactNumber: string | null;
}
