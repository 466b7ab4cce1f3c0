import { callFunction } from '../../../src/eval/functions/call';
import type { FunctionSpec } from '../../../src/eval/functions/function';
import { registerFamily } from '../../../src/eval/functions/index';
import '../../../src/eval/functions/collections';
import { expectValue, n, nums } from './collections-helpers';

jest.mock('../../../src/eval/functions/index', () => {
  const families: ((t: Map<string, FunctionSpec>) => void)[] = [];
  return {
    registerFamily: jest.fn((f: (t: Map<string, FunctionSpec>) => void) => families.push(f)),
    families,
  };
});

const NAMES = [
  'alltrue',
  'anytrue',
  'chunklist',
  'coalesce',
  'coalescelist',
  'compact',
  'concat',
  'contains',
  'distinct',
  'element',
  'flatten',
  'index',
  'keys',
  'length',
  'lookup',
  'merge',
  'range',
  'reverse',
  'setintersection',
  'setproduct',
  'setunion',
  'slice',
  'sort',
  'values',
  'zipmap',
];

describe('collection family registration', () => {
  it("registers exactly Packer's collection function names", () => {
    expect(registerFamily).toHaveBeenCalledTimes(1);
    const table = new Map<string, FunctionSpec>();
    const family = (registerFamily as jest.Mock).mock.calls[0][0] as (t: Map<string, FunctionSpec>) => void;
    family(table);
    expect([...table.keys()].sort()).toEqual(NAMES);
    expectValue(callFunction(table.get('length') as FunctionSpec, [nums(1, 2)]), n(2));
  });
});
