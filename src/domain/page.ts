/** A page of a list in a stable order, each item with the opaque cursor of its position (Relay). */
export interface Page<T> {
  items: { node: T; cursor: string }[];
  hasNextPage: boolean;
}

/** Up to `first` items after the item whose cursor is `after` (null: from the start). */
export interface PageRequest {
  first: number;
  after: string | null;
}

/** A cursor that is not one this list handed out. */
export class CursorError extends RangeError {}
