import { StringType } from '../../values/types';
import { Value } from '../../values/value';
import { registerFamily } from './index';

/**
 * env(name): Packer returns "" for unset variables rather than failing. The template layer decides
 * where env() may be used (only variable defaults); the table simply offers it.
 */
registerFamily((table, options) => {
  table.set('env', {
    description: 'Returns the value of an environment variable, or "" when it is not set.',
    params: [{ name: 'key', type: StringType }],
    returnType: () => StringType,
    impl: (args) => {
      const env = options.env ?? process.env;
      return Value.string(env[args[0].asString()] ?? '');
    },
  });
});
