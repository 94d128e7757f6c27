import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields selected under `path` below the field being resolved (through fragments and
 * inline fragments), so a resolver can read ahead what the rest of the query will ask for. A field under
 * an @include / @skip directive counts as selected: reading ahead is only ever an optimisation.
 */
export function fieldsSelectedBelow(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  let level: readonly SelectionSetNode[] = info.fieldNodes.flatMap((f) =>
    f.selectionSet ? [f.selectionSet] : [],
  );
  for (const name of path) {
    level = fieldsOf(level, info)
      .filter((f) => f.name.value === name)
      .flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  }
  return new Set(fieldsOf(level, info).map((f) => f.name.value));
}

function fieldsOf(sets: readonly SelectionSetNode[], info: GraphQLResolveInfo): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  sets.forEach(visit);
  return fields;
}
