import { InitialSchema1763812800000 } from './1763812800000-InitialSchema';

/** Every migration, in order. Listed explicitly so tsc output and Jest load the same set. */
export const MIGRATIONS = [InitialSchema1763812800000];
