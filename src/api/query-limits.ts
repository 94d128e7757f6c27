import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  parse,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface QueryLimits {
  /** Field levels. */
  maxDepth: number;
  /** Field selections, counting a fragment wherever it is spread (what execution would resolve). */
  maxFields: number;
  /** Top-level fields of one operation (each alias counts): 700 aliased searches are 700 searches. */
  maxRootFields: number;
  /** Aliased fields in one operation. */
  maxAliases: number;
  /** Lexical tokens in one document (graphql-js stops parsing past this). */
  maxTokens: number;
}

export const DEFAULT_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxFields: 1500,
  maxRootFields: 10,
  maxAliases: 50,
  maxTokens: 10_000,
};

interface Cost {
  /** Deepest field level below (and including) this selection set. */
  depth: number;
  fields: number;
  aliases: number;
  /** Fields directly in this set (through inline fragments and spreads, not below). */
  direct: number;
}

class CostError extends Error {}

/**
 * Measures a document in time linear in its size: each fragment definition is measured once and its cost
 * reused wherever it is spread (a spread repeated in one selection set counts once, as execution merges
 * it). Unknown fragments and fragment cycles are refused here too, so nothing downstream walks them.
 * Returns what is wrong, or null.
 */
export function measureDocument(document: DocumentNode, limits: QueryLimits = DEFAULT_LIMITS): string | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const memo = new Map<string, Cost | 'measuring'>();
  const fragmentCost = (name: string): Cost => {
    const known = memo.get(name);
    if (known === 'measuring') throw new CostError(`fragment ${name} spreads itself`);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment) throw new CostError(`unknown fragment ${name}`);
    memo.set(name, 'measuring');
    const cost = measureSet(fragment.selectionSet);
    memo.set(name, cost);
    return cost;
  };
  const measureSet = (set: SelectionSetNode): Cost => {
    const total: Cost = { depth: 0, fields: 0, aliases: 0, direct: 0 };
    const spread = new Set<string>();
    const add = (inner: Cost) => {
      total.depth = Math.max(total.depth, inner.depth);
      total.fields += inner.fields;
      total.aliases += inner.aliases;
      total.direct += inner.direct;
    };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const inner = selection.selectionSet
          ? measureSet(selection.selectionSet)
          : { depth: 0, fields: 0, aliases: 0, direct: 0 };
        total.depth = Math.max(total.depth, inner.depth + 1);
        total.fields += 1 + inner.fields;
        total.aliases += (selection.alias ? 1 : 0) + inner.aliases;
        total.direct += 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        add(measureSet(selection.selectionSet));
      } else if (!spread.has(selection.name.value)) {
        spread.add(selection.name.value);
        add(fragmentCost(selection.name.value));
      }
    }
    return total;
  };
  try {
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const cost = measureSet(definition.selectionSet);
      if (cost.depth > limits.maxDepth)
        return `query is ${cost.depth} levels deep; at most ${limits.maxDepth} are allowed`;
      if (cost.fields > limits.maxFields) return `query selects more than ${limits.maxFields} fields`;
      if (cost.direct > limits.maxRootFields)
        return `query asks ${cost.direct} top-level fields; at most ${limits.maxRootFields} are allowed`;
      if (cost.aliases > limits.maxAliases)
        return `query uses ${cost.aliases} aliases; at most ${limits.maxAliases} are allowed`;
    }
    for (const name of fragments.keys()) fragmentCost(name);
  } catch (err) {
    if (err instanceof CostError) return err.message;
    throw err;
  }
  return null;
}

export function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
}

/**
 * The check run on a request's text before any authentication or validation work (HTTP middleware):
 * parse with a token limit, then measure. null when the text is fine or not parseable (the GraphQL
 * server then answers the parse error itself).
 */
export function checkQueryText(text: string, limits: QueryLimits = DEFAULT_LIMITS): GraphQLError | null {
  // Officer apps send the same few documents all day: remember the verdict on each text (bounded).
  const remembered = limits === DEFAULT_LIMITS ? verdicts.get(text) : undefined;
  if (remembered !== undefined) return remembered;
  const verdict = measureText(text, limits);
  if (limits === DEFAULT_LIMITS && text.length <= 20_000) {
    if (verdicts.size >= 1000) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(text, verdict);
  }
  return verdict;
}

const verdicts = new Map<string, GraphQLError | null>();

function measureText(text: string, limits: QueryLimits): GraphQLError | null {
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens: limits.maxTokens, noLocation: true });
  } catch (err) {
    if (err instanceof GraphQLError && /contains more th\w+ \d+ tokens/i.test(err.message))
      return tooComplex(`query has more than ${limits.maxTokens} tokens`);
    return null;
  }
  const problem = measureDocument(document, limits);
  return problem ? tooComplex(problem) : null;
}

/** The same measure as a validation rule (graphql-ws, and defence in depth behind the middleware). */
export function queryLimits(
  maxDepth = DEFAULT_LIMITS.maxDepth,
  maxFields = DEFAULT_LIMITS.maxFields,
  limits: Partial<QueryLimits> = {},
): ValidationRule {
  return (context: ValidationContext) => {
    const problem = measureDocument(context.getDocument(), {
      ...DEFAULT_LIMITS,
      ...limits,
      maxDepth,
      maxFields,
    });
    if (problem) context.reportError(tooComplex(problem));
    return {};
  };
}
