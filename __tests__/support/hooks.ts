/**
 * A resource for the enclosing describe block, made in beforeAll and released in afterAll, handed to
 * the block's tests as a stand-in object that reads the current resource on each use (so it can be
 * declared where the tests are, before beforeAll has run).
 */
export function useBeforeAll<T extends object>(
  setup: () => T | Promise<T>,
  teardown: (resource: T) => void | Promise<void>,
): T {
  let resource: T | undefined;
  beforeAll(async () => {
    resource = await setup();
  });
  afterAll(async () => {
    if (resource !== undefined) await teardown(resource);
  });
  const current = (): T => {
    if (resource === undefined) throw new Error('used before its beforeAll ran (or after it failed)');
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
