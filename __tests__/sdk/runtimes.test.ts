import type { BuilderRuntime, ProvisionerRuntime } from '../../src/engine/types';
import { RuntimeRegistry } from '../../src/sdk/runtimes';

const builder: BuilderRuntime = { type: 'b', run: () => Promise.resolve(undefined) };
const provisioner: ProvisionerRuntime = { type: 'b', provision: () => Promise.resolve() };

describe('RuntimeRegistry', () => {
  test('registering a type twice is an error, not an overwrite', () => {
    const r = new RuntimeRegistry([{ builders: [builder] }]);
    expect(() => r.add({ builders: [{ ...builder }] })).toThrow('builder b is registered twice');
    expect(r.builder('b')).toBe(builder);
    // The same type label under another kind is another component.
    expect(() => r.add({ provisioners: [provisioner] })).not.toThrow();
  });

  test('a cannotRun mark counts as a registration of its type', () => {
    const r = new RuntimeRegistry([{ cannotRun: [{ kind: 'builder', type: 'x', reason: 'Not yet.' }] }]);
    expect(r.cannotRun('builder', 'x')).toBe('Not yet.');
    expect(r.cannotRun('provisioner', 'x')).toBeUndefined();
    expect(() => r.add({ builders: [{ ...builder, type: 'x' }] })).toThrow('builder x is registered twice');
    expect(() => r.add({ cannotRun: [{ kind: 'builder', type: 'x', reason: 'Again.' }] })).toThrow(
      'builder x is registered twice',
    );
  });
});
