/**
 * A release's `SHA256SUMS` file: `<hex digest>  <file name>` per line (sha256sum's output). Lines
 * that are not two fields are ignored, as Packer's TransformChecksumStream does.
 */

export interface ChecksumEntry {
  readonly filename: string;
  /** Lowercase hex. */
  readonly sha256: string;
}

export function parseSha256Sums(text: string): ChecksumEntry[] {
  const entries: ChecksumEntry[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 2) continue;
    const [digest, name] = parts;
    if (!/^[0-9a-fA-F]{64}$/.test(digest)) continue;
    // sha256sum marks binary mode with a leading `*` on the name.
    entries.push({ filename: name.replace(/^\*/, ''), sha256: digest.toLowerCase() });
  }
  return entries;
}
