/**
 * Strict standard base64 (RFC 4648 §4, padded) as Go's base64.StdEncoding decodes it: Node's
 * Buffer.from(s, 'base64') silently skips junk, which would accept inputs Packer rejects.
 * Go ignores only \r and \n inside the input.
 */
export function decodeStdBase64(s: string): Buffer | undefined {
  const cleaned = s.replace(/[\r\n]/g, '');
  if (cleaned.length % 4 !== 0) return undefined;
  if (!/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]=|==)?$/.test(cleaned)) return undefined;
  // StdEncoding is not Strict(), so non-zero padding bits are ignored, as Buffer does.
  return Buffer.from(cleaned, 'base64');
}

/** The byte offset of the first invalid symbol, as Go's CorruptInputError reports it. */
export function base64CorruptOffset(s: string): number {
  const cleaned = s;
  const alphabet = /[A-Za-z0-9+/]/;
  let i = 0;
  for (; i < cleaned.length; i++) {
    const c = cleaned[i];
    if (c === '\r' || c === '\n') continue;
    if (!alphabet.test(c)) break;
  }
  if (i < cleaned.length && cleaned[i] === '=') {
    // Padding is only valid in the last quantum.
    const rest = cleaned.slice(i).replace(/[\r\n]/g, '');
    const dataLen = cleaned.slice(0, i).replace(/[\r\n]/g, '').length;
    if ((rest === '=' && dataLen % 4 === 3) || (rest === '==' && dataLen % 4 === 2)) return cleaned.length;
    return i;
  }
  return i;
}
