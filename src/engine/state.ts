import type { StateBag, StateKey } from './types';

/** Packer's state bag: what one step leaves for the next (a container ID, a key pair...). */
export class MapStateBag implements StateBag {
  private readonly values = new Map<string, unknown>();

  get<T>(key: StateKey<T>): T | undefined {
    return this.values.get(key.name) as T | undefined;
  }

  require<T>(key: StateKey<T>): T {
    if (!this.values.has(key.name)) throw new Error(`internal error: state "${key.name}" was never set`);
    return this.values.get(key.name) as T;
  }

  set<T>(key: StateKey<T>, value: T): void {
    this.values.set(key.name, value);
  }

  delete(key: StateKey<unknown>): void {
    this.values.delete(key.name);
  }
}
