import { ObjectType } from 'type-graphql';
import { AlertGql, ConsultationGql, DeadLetterGql, DeadlineGql } from './case.type';
import { Connection } from './connection.type';
import { BreachGql } from './conduct.type';
import { ProtectiveOrderGql } from './order.type';

@ObjectType('AlertConnection', { description: 'Alerts, newest first (alerts without a time last).' })
export class AlertConnectionGql extends Connection(AlertGql, 'Alert') {}

@ObjectType('DeadlineConnection', { description: 'Open clocks, soonest first.' })
export class DeadlineConnectionGql extends Connection(DeadlineGql, 'Deadline') {}

@ObjectType('ProtectiveOrderConnection', { description: 'Protective orders, most recently effective first.' })
export class ProtectiveOrderConnectionGql extends Connection(ProtectiveOrderGql, 'ProtectiveOrder') {}

@ObjectType('DeadLetterConnection', { description: 'Rejected records, newest first.' })
export class DeadLetterConnectionGql extends Connection(DeadLetterGql, 'DeadLetter') {}

@ObjectType('ConsultationConnection', { description: 'Reads of a record, newest first.' })
export class ConsultationConnectionGql extends Connection(ConsultationGql, 'Consultation') {}

@ObjectType('BreachConnection', {
  description: 'Reported breaches, most recent first (when they happened, else when reported).',
})
export class BreachConnectionGql extends Connection(BreachGql, 'Breach') {}
