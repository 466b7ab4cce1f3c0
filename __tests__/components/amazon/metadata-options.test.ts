import { METADATA_OPTIONS_BLOCK } from '../../../src/components/amazon/metadata-options';
import type { ConfigProblem } from '../../../src/schema/types';
import { type FakeValue, UNKNOWN } from '../../support/config-view';
import { checkBlock } from '../../support/component-harness';

const check = (data: Record<string, FakeValue>): ConfigProblem[] => checkBlock(METADATA_OPTIONS_BLOCK, data);

describe('metadata_options checks', () => {
  test('allowed values, and empty ones read as their defaults', () => {
    expect(check({})).toEqual([]);
    expect(
      check({ http_tokens: 'required', http_put_response_hop_limit: 2, instance_metadata_tags: 'enabled' }),
    ).toEqual([]);
    expect(
      check({
        http_endpoint: '',
        http_tokens: '',
        instance_metadata_tags: '',
        http_put_response_hop_limit: 0,
      }),
    ).toEqual([]);
  });

  test("other values, each at its option, with Packer's messages", () => {
    expect(
      check({
        http_endpoint: 'on',
        http_tokens: 'yes',
        http_put_response_hop_limit: 65,
        instance_metadata_tags: 'true',
      }),
    ).toEqual([
      { message: 'http_endpoint requires either disabled or enabled as its value', field: 'http_endpoint' },
      { message: 'http_tokens requires either optional or required as its value', field: 'http_tokens' },
      {
        message: 'http_put_response_hop_limit requires a number between 1 and 64',
        field: 'http_put_response_hop_limit',
      },
      {
        message: 'instance_metadata_tags requires either disabled or enabled as its value',
        field: 'instance_metadata_tags',
      },
    ]);
    expect(check({ http_put_response_hop_limit: -1 }).map((p) => p.field)).toEqual([
      'http_put_response_hop_limit',
    ]);
  });

  test('unknown values are not judged', () => {
    expect(
      check({ http_endpoint: UNKNOWN, http_tokens: UNKNOWN, http_put_response_hop_limit: UNKNOWN }),
    ).toEqual([]);
  });
});
