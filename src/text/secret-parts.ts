/**
 * What to mask for one secret, as Packer's RegisterSecret registers it: the value, its
 * CRLF-normalised form and each of its non-empty lines, so a secret printed a line at a time (a
 * private key through `cat`) is masked too.
 */
export function secretParts(secret: string): string[] {
  if (secret === '') return [];
  const normalized = secret.replace(/\r\n/g, '\n');
  const parts = new Set([secret, normalized]);
  for (const line of normalized.split('\n'))
    if (line !== '' && line !== '\r') parts.add(line.replace(/\r$/, ''));
  return [...parts];
}
