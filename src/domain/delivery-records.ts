/*
 * Force-system endpoints and the deliveries made to them, as the delivery repository stores them and the
 * delivery services read them. Declared in the domain so that services and persistence share them without
 * a service importing a repository (docs/architecture.md, "The layers").
 */
import { type ChangeMessage } from '../messaging/change-messages';

export type EndpointKind = 'WEBHOOK' | 'LOG_TOPIC';
export type EndpointRole = 'PRIMARY' | 'ESCALATION';
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'WITHHELD' | 'CANCELLED';

export interface EndpointRecord {
  endpointId: string;
  policeArea: string;
  kind: EndpointKind;
  url: string | null;
  topic: string | null;
  role: EndpointRole;
  maxAttempts: number;
  /** The force's own retry schedule and timeout; null: the deployment's (DELIVERY_*). */
  retryBaseMs: number | null;
  retryMaxMs: number | null;
  timeoutMs: number | null;
  /** Mutual TLS: the subject of the client certificate the hub presents (null: none), and whether the
   * receiver's certificate must chain to a CA of the force's own. The key itself is never listed. */
  clientCertificateSubject: string | null;
  pinnedCa: boolean;
  createdBy: string;
  createdAt: Date;
  /** Ids of the keys that sign (not retired), newest first. */
  keyIds: string[];
}

/** What the hub presents to a webhook receiver, and whom it trusts (PEM). */
export interface EndpointTls {
  clientCertificate: string;
  clientKey: string;
  clientCertificateSubject: string;
  /** Absent: the receiver's certificate is checked against the public CAs, as for any https url. */
  caCertificate?: string;
}

/** An endpoint as the delivery worker sends to it: with its signing keys and TLS material. */
export type SendableEndpoint = EndpointRecord & {
  keys: { keyId: string; secret: string }[];
  tls: EndpointTls | null;
};

export interface DeliveryRecord {
  deliveryId: string;
  endpointId: string;
  policeArea: string;
  change: ChangeMessage;
  subjectRef: string;
  streamKey: string;
  raisedBy: string | null;
  status: DeliveryStatus;
  payload: object | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  failedAt: Date | null;
}

export interface NewDelivery {
  deliveryId: string;
  endpointId: string;
  policeArea: string;
  change: ChangeMessage;
  subjectRef: string;
  streamKey: string;
  raisedBy: string | null;
}

/** An endpoint as it is registered, with its first signing key. */
export type NewEndpoint = Pick<
  EndpointRecord,
  'endpointId' | 'policeArea' | 'kind' | 'url' | 'topic' | 'role' | 'maxAttempts' | 'createdBy'
> & { keyId: string; secret: string };

/** An endpoint's attempts, retry schedule and timeout (null: the deployment's). */
export type EndpointRetries = Pick<
  EndpointRecord,
  'maxAttempts' | 'retryBaseMs' | 'retryMaxMs' | 'timeoutMs'
>;
