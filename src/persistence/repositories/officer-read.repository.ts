import { type DataSource, In } from 'typeorm';
import {
  type OfficerReadPort,
  type OrderRecord,
  type PersonRecord,
} from '../../domain/officer-lookup.service';
import { PersonEntity, ProtectiveOrderEntity } from '../entities';

/** Reads for officer lookups. Orders that are only a placeholder (service seen, order not yet) are never returned. */
export class OfficerReadRepository implements OfficerReadPort {
  constructor(private readonly dataSource: DataSource) {}

  async findPeopleByPnc(pncId: string): Promise<PersonRecord[]> {
    const rows = await this.dataSource.getRepository(PersonEntity).find({ where: { pncId: pncId.toUpperCase() } });
    return rows.map(toPerson);
  }

  async findPeopleByNameKey(nameKeyPrefix: string, dateOfBirth: string): Promise<PersonRecord[]> {
    const rows = await this.dataSource
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .where('p.date_of_birth = :dob', { dob: dateOfBirth })
      .andWhere(nameKeyPrefix.endsWith('|') ? 'p.name_key LIKE :key' : 'p.name_key = :key', {
        key: nameKeyPrefix.endsWith('|') ? `${escapeLike(nameKeyPrefix)}%` : nameKeyPrefix,
      })
      .orderBy('p.family_name')
      .addOrderBy('p.given_name')
      .limit(50)
      .getMany();
    return rows.map(toPerson);
  }

  async ordersForRespondents(personIds: readonly string[]): Promise<Map<string, OrderRecord[]>> {
    const result = new Map<string, OrderRecord[]>();
    if (personIds.length === 0) return result;
    const rows = await this.dataSource.getRepository(ProtectiveOrderEntity).find({
      where: { respondentId: In([...personIds]), granted: true },
      order: { effectiveFrom: 'DESC' },
    });
    for (const row of rows) {
      const list = result.get(row.respondentId!) ?? [];
      list.push(toOrder(row));
      result.set(row.respondentId!, list);
    }
    return result;
  }

  async orderByRef(orderRef: string): Promise<OrderRecord | null> {
    const row = await this.dataSource.getRepository(ProtectiveOrderEntity).findOne({ where: { orderRef, granted: true } });
    return row ? toOrder(row) : null;
  }

  async orderById(orderId: string): Promise<OrderRecord | null> {
    const row = await this.dataSource.getRepository(ProtectiveOrderEntity).findOne({ where: { orderId, granted: true } });
    return row ? toOrder(row) : null;
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toPerson(row: PersonEntity): PersonRecord {
  return {
    personId: row.personId,
    givenName: row.givenName,
    familyName: row.familyName,
    dateOfBirth: row.dateOfBirth,
    pncId: row.pncId,
  };
}

/** Only called on granted rows, whose order columns the granted event always fills. */
function toOrder(row: ProtectiveOrderEntity): OrderRecord {
  return {
    orderId: row.orderId,
    orderRef: row.orderRef,
    orderType: row.orderType!,
    sourceOrderCode: row.sourceOrderCode!,
    courtCode: row.courtCode!,
    courtName: row.courtName!,
    caseNumber: row.caseNumber!,
    policeArea: row.policeArea!,
    respondentId: row.respondentId!,
    protectedParties: row.protectedParties,
    conditions: row.conditions,
    powerOfArrest: row.powerOfArrest!,
    withoutNotice: row.withoutNotice!,
    madeAt: row.madeAt,
    effectiveFrom: row.effectiveFrom!,
    expiresAt: row.expiresAt,
    served: row.served,
    servedAt: row.servedAt,
    serviceMethod: row.serviceMethod,
    sourceSystem: row.sourceSystem!,
    grantedEventId: row.grantedEventId!,
    servedEventId: row.servedEventId,
    assertedAt: row.assertedAt,
    receivedAt: row.receivedAt!,
  };
}
