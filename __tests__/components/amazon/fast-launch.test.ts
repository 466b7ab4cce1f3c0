import { AMAZON_EBS_SCHEMA } from '../../../src/components/amazon/ebs-schema';
import { componentFields } from '../../../src/schema/decode';
import { validateFastLaunch } from '../../../src/components/amazon/fast-launch';
import { type FakeValue, UNKNOWN, fakeView } from '../../support/config-view';

const check = (data: Record<string, FakeValue>): string[] =>
  validateFastLaunch(fakeView(componentFields(AMAZON_EBS_SCHEMA), { region: 'us-east-1', ...data })).map(
    (p) => p.message,
  );

describe('fast_launch checks', () => {
  test('absent or all-default blocks are not checked', () => {
    expect(check({})).toEqual([]);
    expect(check({ fast_launch: {} })).toEqual([]);
    expect(check({ fast_launch: { enable_fast_launch: false, max_parallel_launches: 0 } })).toEqual([]);
  });

  test('a usable configuration passes', () => {
    expect(
      check({
        ami_regions: ['eu-west-1'],
        fast_launch: {
          enable_fast_launch: true,
          template_name: 'tpl',
          max_parallel_launches: 6,
          target_resource_count: 2,
          region_launch_templates: [{ region: 'eu-west-1', template_id: 'lt-1', template_version: 3 }],
        },
      }),
    ).toEqual([]);
  });

  test('counts', () => {
    expect(check({ fast_launch: { max_parallel_launches: 5, target_resource_count: -1 } })).toEqual([
      'max_parallel_launches must be >= 6, provided value is 5',
      'target_resource_count must be >= 1, provided value is -1',
    ]);
  });

  test('template settings, per region', () => {
    expect(
      check({
        ami_regions: ['eu-west-1', 'eu-west-2', 'eu-west-3'],
        fast_launch: {
          region_launch_templates: [
            { region: 'eu-west-1', template_id: 'lt-1', template_name: 'n' },
            { region: 'eu-west-2', template_version: -2, template_id: 'lt-2' },
            { region: 'eu-west-3', template_version: 2 },
            { region: 'eu-west-3', enable_fast_launch: false, template_version: 2 },
            { template_id: 'lt-9' },
          ],
        },
      }),
    ).toEqual([
      'fast_launch_template_config region "eu-west-1": both template ID and name cannot be specified at the same time',
      'fast_launch_template_config region "eu-west-2": the launch template version must be >= 1, provided value is -2',
      'fast_launch_template_config region "eu-west-3": launch template version specified without an ID or name',
      'fast launch: launch template specified twice for region "eu-west-3", only once is supported',
      'region cannot be empty for a regional fast template config',
      'Launch template specified for enabling fast-launch on region "", but the AMI won\'t be copied there.',
    ]);
  });

  test("a region the AMI won't be copied to", () => {
    expect(
      check({ fast_launch: { region_launch_templates: [{ region: 'ap-south-1', template_id: 'lt-1' }] } }),
    ).toEqual([
      'Launch template specified for enabling fast-launch on region "ap-south-1", but the AMI won\'t be copied there.',
    ]);
  });

  test('a top-level template belongs to the build region, which must then be known', () => {
    expect(check({ fast_launch: { template_id: 'lt-1' } })).toEqual([]);
    expect(
      validateFastLaunch(
        fakeView(componentFields(AMAZON_EBS_SCHEMA), { fast_launch: { template_id: 'lt-1' } }),
      ).map((p) => p.message),
    ).toEqual(['region cannot be empty for a regional fast template config']);
    expect(check({ region: UNKNOWN, fast_launch: { template_id: 'lt-1' } })).toEqual([]);
  });
});
