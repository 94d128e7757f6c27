import {
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export const MAX_DEPTH = 10;
/** Field selections in one document, counting each fragment where it is spread. */
export const MAX_FIELDS = 1500;

/**
 * Rejects documents nested deeper than `maxDepth` or selecting more than `maxFields` fields before any
 * resolver runs (a nested timeline-of-cases-of-people query can otherwise fan out without bound).
 * Errors carry extensions.code QUERY_TOO_COMPLEX.
 */
export function queryLimits(maxDepth = MAX_DEPTH, maxFields = MAX_FIELDS): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const measure = (
      set: SelectionSetNode,
      depth: number,
      seen: Set<string>,
    ): { depth: number; fields: number } => {
      let deepest = depth;
      let fields = 0;
      for (const selection of set.selections) {
        let inner: { depth: number; fields: number } | null = null;
        if (selection.kind === Kind.FIELD) {
          fields += 1;
          if (selection.selectionSet) inner = measure(selection.selectionSet, depth + 1, seen);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          inner = measure(selection.selectionSet, depth, seen);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (fragment && !seen.has(fragment.name.value)) {
            inner = measure(fragment.selectionSet, depth, new Set([...seen, fragment.name.value]));
          }
        }
        if (inner) {
          deepest = Math.max(deepest, inner.depth);
          fields += inner.fields;
        }
        if (fields > maxFields) break;
      }
      return { depth: deepest, fields };
    };
    return {
      OperationDefinition(node) {
        const { depth, fields } = measure(node.selectionSet, 1, new Set());
        const problem =
          depth > maxDepth
            ? `query is ${depth} levels deep; at most ${maxDepth} are allowed`
            : fields > maxFields
              ? `query selects more than ${maxFields} fields`
              : null;
        if (problem) {
          context.reportError(
            new GraphQLError(problem, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_COMPLEX' },
            }),
          );
        }
      },
    };
  };
}
