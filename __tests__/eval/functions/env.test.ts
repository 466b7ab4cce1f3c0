import { StringType } from '../../../src/values/types';
import { Value } from '../../../src/values/value';
import { argError, caller, str } from './family-harness';

describe('env', () => {
  const call = caller({ env: { KILN_SET: 'value', KILN_EMPTY: '' } });
  it('reads the injected environment, returning "" for unset variables', () => {
    expect(call('env', str('KILN_SET')).asString()).toBe('value');
    expect(call('env', str('KILN_EMPTY')).asString()).toBe('');
    expect(call('env', str('KILN_UNSET')).asString()).toBe('');
  });
  it('rejects null and propagates unknown names', () => {
    expect(argError(() => call('env', Value.nullOf(StringType)))).toEqual({
      argIndex: 0,
      message: 'argument must not be null',
    });
    expect(call('env', Value.unknown(StringType)).isKnown()).toBe(false);
  });
});
