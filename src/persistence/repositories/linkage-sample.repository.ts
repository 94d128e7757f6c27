import { type DataSource } from 'typeorm';
import { type MatchablePerson } from '../../domain/person-matching';
import {
  ANCHOR_COLUMNS,
  ANCHOR_JSON,
  BLOCKED_PEOPLE,
  LINKAGE_COLUMNS,
  type LinkageRow,
  toMatchable,
} from './linkage-blocks';

/**
 * Unlabelled pairs of the hub's own person records for estimating the linkage parameters by EM, as
 * Splink samples them (docs/person-linkage.md, "Estimating the parameters"): pairs drawn at random
 * (almost all two people: they teach u) and pairs the blocks bring together (many one person: they
 * teach m). Offline: `ORDER BY random()` scans the table once per sample.
 */
export class LinkageSampleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Up to `pairs` pairs of two people drawn at random. */
  async randomPairs(pairs: number): Promise<[MatchablePerson, MatchablePerson][]> {
    const rows = await this.dataSource.query<LinkageRow[]>(
      `SELECT ${LINKAGE_COLUMNS('p')} FROM person p ORDER BY random() LIMIT $1`,
      [pairs * 2],
    );
    const result: [MatchablePerson, MatchablePerson][] = [];
    for (let i = 0; i + 1 < rows.length; i += 2)
      result.push([toMatchable(rows[i]!), toMatchable(rows[i + 1]!)]);
    return result;
  }

  /** For up to `anchors` people drawn at random, everyone their blocks bring together (at most `perAnchor` each). */
  async blockedPairs(anchors: number, perAnchor: number): Promise<[MatchablePerson, MatchablePerson][]> {
    const rows = await this.dataSource.query<(LinkageRow & { anchor: LinkageRow })[]>(
      `WITH a AS (SELECT ${ANCHOR_COLUMNS} FROM person ORDER BY random() LIMIT $1)
       SELECT ${ANCHOR_JSON('a')} AS anchor, o.*
       FROM a CROSS JOIN LATERAL (
         SELECT ${LINKAGE_COLUMNS('o')} FROM ${BLOCKED_PEOPLE('o', 'a')}
         ORDER BY o.person_id LIMIT $2) o`,
      [anchors, perAnchor],
    );
    return rows.map((r) => [toMatchable(r.anchor), toMatchable(r)]);
  }
}
