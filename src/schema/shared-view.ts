import type { ConfigView, FieldList, Known } from './types';

/**
 * Checks shared by several components (the amazon access, AMI and run configurations, which every
 * amazon builder spreads into its own field list) read the shared fields only. A view is typed by
 * the whole list of its component, and views of different lists are not interchangeable, so such a
 * check takes a view of the shared list S and its callers narrow theirs:
 *
 *   validateAccessConfig(sharedView<typeof ACCESS_CONFIG_FIELDS>()(view))
 *
 * This compiles only when the component declares every field of S, as S declares it (spread from
 * it); an untyped view narrows to anything. The view itself is returned: narrowing costs nothing.
 */
export function sharedView<S extends FieldList>() {
  return <F extends FieldList>(view: ConfigView<F> & Declares<F, S>): ConfigView<S> => {
    const untyped: ConfigView = view;
    return untyped;
  };
}

/** unknown when F declares every field of S; else a type naming those it lacks (shown in the error). */
type Declares<F extends FieldList, S extends FieldList> = [Exclude<S[number], Known<F>[number]>] extends [
  never,
]
  ? unknown
  : { readonly undeclaredSharedFields: Exclude<S[number], Known<F>[number]>['name'] };
