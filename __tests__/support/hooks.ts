/**
 * Resources for the tests of the enclosing describe block, made in a before hook and released in the
 * matching after hook, handed to the tests as a stand-in object that reads the current resource on
 * each use (so it can be declared where the tests are, before the hook has run).
 */

type Setup<T> = () => T | Promise<T>;
type Teardown<T> = (resource: T) => void | Promise<void>;

/** One resource for the whole block: beforeAll / afterAll. */
export function useBeforeAll<T extends object>(setup: Setup<T>, teardown: Teardown<T>): T {
  return use(beforeAll, afterAll, setup, teardown);
}

/** A fresh resource for each test: beforeEach / afterEach. */
export function useBeforeEach<T extends object>(setup: Setup<T>, teardown: Teardown<T>): T {
  return use(beforeEach, afterEach, setup, teardown);
}

function use<T extends object>(
  before: (fn: () => Promise<void>) => void,
  after: (fn: () => Promise<void>) => void,
  setup: Setup<T>,
  teardown: Teardown<T>,
): T {
  let resource: T | undefined;
  before(async () => {
    resource = await setup();
  });
  after(async () => {
    const r = resource;
    resource = undefined;
    if (r !== undefined) await teardown(r);
  });
  const current = (): T => {
    if (resource === undefined)
      throw new Error('used outside the tests of its describe block (or after its setup failed)');
    return resource;
  };
  return new Proxy({} as T, {
    get: (_target, key) => {
      const r = current();
      const v: unknown = Reflect.get(r, key);
      return typeof v === 'function' ? v.bind(r) : v;
    },
  });
}
