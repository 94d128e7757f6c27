import { type DataSource } from 'typeorm';
import { type MatchablePerson } from '../../domain/person-matching';
import { LINKAGE_COLUMNS, type LinkageRow, readBlocks, toMatchable } from './linkage-blocks';

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
    const pairs = await readBlocks(this.dataSource, 'ORDER BY random() LIMIT $1', [anchors], perAnchor);
    return pairs.map(({ anchor, other }) => [anchor, other]);
  }
}
