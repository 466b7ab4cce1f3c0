import { typeString } from '../values/types';
import { communicatorFields } from '../schema/communicator';
import { fieldTypeName, isBlockType } from '../schema/fields';
import type { ComponentKind, ComponentSchema, FieldSpec } from '../schema/types';

/**
 * docs/components.md, rendered from the same declarations that drive decoding and running, so the
 * reference cannot drift from what Kiln accepts and runs. scripts/gen-component-docs.js writes it; a test fails when the
 * committed file differs from what this renders.
 */

const KIND_TITLES: readonly [ComponentKind, string, string][] = [
  ['builder', 'Builders', 'source'],
  ['provisioner', 'Provisioners', 'provisioner'],
  ['post-processor', 'Post-processors', 'post-processor'],
  ['datasource', 'Data sources', 'data'],
];

/**
 * What the reference shows of a component: its schema, and whether Kiln runs it (a declaration
 * with a cannotRun mark is validated only).
 */
export interface DocumentedComponent {
  readonly schema: ComponentSchema;
  readonly cannotRun?: string;
}

export function renderComponentDocs(components: readonly DocumentedComponent[]): string {
  const schemas = components.map((c) => c.schema);
  const cannotRun = new Map(components.map((c) => [c.schema, c.cannotRun]));
  const out: string[] = [
    '# Components',
    '',
    '<!-- Generated from the component declarations by `npm run docs:components`; do not edit by hand. -->',
    '',
    "Every built-in component and the options it accepts, as Kiln decodes them: an option's type is what",
    'a value is converted to (`duration` is a Go duration string such as `"1m30s"`), and a required option',
    'must be set to a non-empty value. Options marked sensitive are masked in every output.',
  ];
  for (const [kind, title, blockName] of KIND_TITLES) {
    const ofKind = schemas.filter((s) => s.kind === kind).sort((a, b) => compare(a.type, b.type));
    if (ofKind.length === 0) continue;
    out.push('', `## ${title}`, '', ofKind.map((s) => `\`${s.type}\``).join(', '));
    for (const schema of ofKind)
      out.push('', ...renderComponent(schema, cannotRun.get(schema), title, blockName));
  }
  const withCommunicator = schemas.some(
    (s) => s.kind === 'builder' && s.communicator && s.communicator !== 'none',
  );
  if (withCommunicator) {
    out.push(
      '',
      '## Communicator options',
      '',
      'Accepted by every builder that connects to the machine it builds (`communicator` defaults to `ssh`,',
      'or to `docker` for the docker builder). The `ssh_*` options apply with `communicator = "ssh"`, the',
      '`winrm_*` ones with `communicator = "winrm"`. Kiln connects over WinRM (HTTP or HTTPS, Basic or',
      "NTLMv2 authentication, files moved as Packer's winrmcp moves them) for the `null` and `amazon-ebs`",
      'builders; amazon-ebs with an empty `winrm_password` waits for the Windows password EC2 generates and',
      "decrypts it with the key pair's private key (`windows_password_timeout`).",
      '',
      ...fieldTable(communicatorFields('ssh').filter((f) => f.name !== 'communicator')),
    );
  }
  return `${out.join('\n')}\n`;
}

function renderComponent(
  schema: ComponentSchema,
  cannotRun: string | undefined,
  kindTitle: string,
  blockName: string,
): string[] {
  const singular = kindTitle.replace(/s$/, '').toLowerCase();
  const out = [
    `### ${singular} \`${schema.type}\``,
    '',
    `\`${blockName} "${schema.type}"${schema.kind === 'builder' || schema.kind === 'datasource' ? ' "<name>"' : ''} { ... }\``,
    `— in Packer: ${schema.plugin === 'builtin' ? 'built in' : `the \`${schema.plugin}\` plugin`}.`,
    `— in Kiln: ${cannotRun === undefined ? 'runs natively.' : `validated only: ${oneLine(cannotRun)}`}`,
    '',
    oneLine(schema.doc),
  ];
  if (schema.kind === 'builder' && schema.communicator && schema.communicator !== 'none') {
    out.push(
      '',
      `Also accepts the [communicator options](#communicator-options); \`communicator\` defaults to \`${schema.communicator}\`.`,
    );
  }
  if (schema.output)
    out.push('', `Its value (\`data.${schema.type}.<name>\`) is a \`${typeString(schema.output)}\`.`);
  if (schema.fields.length > 0) out.push('', ...fieldTable(schema.fields));
  else out.push('', 'No options of its own.');
  for (const field of schema.fields) out.push(...nestedTables(field, ''));
  return out;
}

/** A table for each nested block, after the component's own, named by its path (`a.b`). */
function nestedTables(field: FieldSpec, prefix: string): string[] {
  if (!isBlockType(field.type)) return [];
  const path = `${prefix}${field.name}`;
  const out = [
    '',
    `#### \`${path}\` ${field.type.repeated ? 'blocks' : 'block'}`,
    '',
    ...fieldTable(field.type.fields),
  ];
  for (const f of field.type.fields) out.push(...nestedTables(f, `${path}.`));
  return out;
}

function fieldTable(fields: readonly FieldSpec[]): string[] {
  return [
    '| Name | Type | Required | Default | Description |',
    '| --- | --- | --- | --- | --- |',
    ...fields.map(
      (f) =>
        `| \`${f.name}\` | ${fieldTypeName(f.type)} | ${f.required ? 'yes' : ''} | ${cell(defaultText(f))} | ${cell(description(f))} |`,
    ),
  ];
}

function defaultText(f: FieldSpec): string {
  if (f.defaultDoc !== undefined) return f.defaultDoc;
  if (f.default === undefined || f.default === null) return '';
  return `\`${JSON.stringify(f.default)}\``;
}

function description(f: FieldSpec): string {
  const parts = [oneLine(f.doc)];
  if (f.oneOf) parts.push(`One of ${f.oneOf.map((v) => `\`${v}\``).join(', ')}.`);
  if (f.conflictsWith?.length)
    parts.push(`Cannot be used with ${f.conflictsWith.map((v) => `\`${v}\``).join(', ')}.`);
  if (f.sensitive) parts.push('Sensitive.');
  if (f.deprecated !== undefined) parts.push(`**Deprecated:** ${oneLine(f.deprecated)}`);
  return parts.filter((p) => p !== '').join(' ');
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/** A table cell: pipes escaped so they do not end the cell. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** Code-point order, so the output does not depend on the locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
