import type { GoTemplateFunction } from '../../gotemplate/types';

/**
 * The Go-template functions the amazon builders add for their own options (the plugin's
 * awscommon.TemplateFuncs, set as `ctx.Funcs` in Prepare). Declared on amazon-ebs (./index.ts);
 * elsewhere they are not defined, as in Packer.
 */

function isAlphanumeric(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a);
}

const AMI_NAME_EXTRA = new Set([...`()[] ./-'@_`].map((c) => c.charCodeAt(0)));

/**
 * The amazon plugin's clean_resource_name (once clean_ami_name): every byte that an AMI name may
 * not contain becomes "-". It works on UTF-8 bytes, so "é" (two bytes) becomes "--".
 */
export function cleanAmazonResourceName(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  return [...bytes]
    .map((b) => (isAlphanumeric(b) || AMI_NAME_EXTRA.has(b) ? String.fromCharCode(b) : '-'))
    .join('');
}

/** The functions the amazon builders (amazon-ebs, ...) make available in their options. */
export const AMAZON_TEMPLATE_FUNCTIONS: ReadonlyMap<string, GoTemplateFunction> = new Map<
  string,
  GoTemplateFunction
>([['clean_resource_name', { params: ['string'], impl: ([s]) => cleanAmazonResourceName(String(s)) }]]);
