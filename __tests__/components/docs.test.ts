import * as fs from 'node:fs';
import * as path from 'node:path';

import { BUILTIN_COMPONENTS } from '../../src/components/catalog';
import { renderComponentDocs } from '../../src/components/docs';
import type { ComponentSchema } from '../../src/schema/types';
import { NumberType, StringType, listOf, objectOf } from '../../src/values/types';

const PROVISIONER: ComponentSchema = {
  kind: 'provisioner',
  type: 'demo',
  plugin: 'builtin',
  doc: 'Runs a demo\nover two lines.',
  fields: [
    { name: 'script', type: StringType, doc: 'The script | with a pipe.', required: 'script is required' },
    { name: 'retries', type: NumberType, doc: 'Retries.', default: 3 },
    { name: 'wait', type: { kind: 'duration' }, doc: 'Wait.', defaultDoc: 'no wait' },
    { name: 'mode', type: StringType, doc: 'Mode.', oneOf: ['a', 'b'], conflictsWith: ['script'] },
    { name: 'token', type: StringType, doc: 'Token.', sensitive: true, deprecated: 'use script' },
    {
      name: 'step',
      doc: 'Steps.',
      type: {
        kind: 'block',
        repeated: true,
        fields: [
          { name: 'args', type: listOf(StringType), doc: 'Arguments.', default: ['-v'] },
          {
            name: 'env',
            doc: 'Environment.',
            type: {
              kind: 'block',
              repeated: false,
              fields: [{ name: 'name', type: StringType, doc: 'Name.' }],
            },
          },
        ],
      },
    },
  ],
};

const DATASOURCE: ComponentSchema = {
  kind: 'datasource',
  type: 'demo',
  plugin: 'github.com/example/demo',
  doc: 'Reads a demo.',
  fields: [],
  output: objectOf({ id: StringType }),
};

const BUILDER: ComponentSchema = {
  kind: 'builder',
  type: 'demo',
  plugin: 'github.com/example/demo',
  doc: 'Builds a demo.',
  fields: [],
  communicator: 'docker',
};

describe('renderComponentDocs', () => {
  const md = renderComponentDocs([
    { schema: DATASOURCE },
    { schema: PROVISIONER },
    { schema: BUILDER, cannotRun: 'Kiln cannot run the demo builder yet.' },
  ]);

  test('one section per kind in a fixed order, tables of name | type | required | default | description', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Components',
      '## Builders',
      '### builder `demo`',
      '## Provisioners',
      '### provisioner `demo`',
      '#### `step` blocks',
      '#### `step.env` block',
      '## Data sources',
      '### data source `demo`',
      '## Communicator options',
    ]);
    expect(md).toContain(
      [
        '| Name | Type | Required | Default | Description |',
        '| --- | --- | --- | --- | --- |',
        '| `script` | string | yes |  | The script \\| with a pipe. |',
        '| `retries` | number |  | `3` | Retries. |',
        '| `wait` | duration |  | no wait | Wait. |',
        '| `mode` | string |  |  | Mode. One of `a`, `b`. Cannot be used with `script`. |',
        '| `token` | string |  |  | Token. Sensitive. **Deprecated:** use script |',
        '| `step` | blocks |  |  | Steps. |',
      ].join('\n'),
    );
    expect(md).toContain('| `args` | list(string) |  | `["-v"]` | Arguments. |');
    expect(md).toContain('Runs a demo over two lines.');
  });

  test('usage lines, plugins, communicator and data source output', () => {
    expect(md).toContain('`provisioner "demo" { ... }`\n— in Packer: built in.\n— in Kiln: runs natively.');
    expect(md).toContain(
      '`source "demo" "<name>" { ... }`\n— in Packer: the `github.com/example/demo` plugin.\n' +
        '— in Kiln: validated only: Kiln cannot run the demo builder yet.',
    );
    expect(md).toContain(
      'Also accepts the [communicator options](#communicator-options); `communicator` defaults to `docker`.',
    );
    expect(md).toContain('Its value (`data.demo.<name>`) is a `object({id=string})`.');
    expect(md).toContain('| `ssh_port` | number |  | `22` | The SSH port. |');
    expect(md.endsWith('|\n')).toBe(true);
  });

  test('no communicator section without a builder that has one', () => {
    expect(renderComponentDocs([{ schema: PROVISIONER }])).not.toContain('Communicator options');
  });
});

test('docs/components.md is up to date (npm run docs:components)', () => {
  const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'components.md'), 'utf8');
  expect(committed).toBe(renderComponentDocs(BUILTIN_COMPONENTS));
});
