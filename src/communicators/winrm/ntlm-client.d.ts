/** The part of @ewsjs/ntlm-client (NTLM and NTLMv2 messages; it ships no types) Kiln uses. */
declare module '@ewsjs/ntlm-client' {
  /** A decoded CHALLENGE (type 2) message; `version` 2 means an NTLMv2 response is made. */
  export interface Type2Message {
    readonly flags: number;
    readonly version: 1 | 2;
    readonly targetName: string;
  }
  /** `NTLM <base64>` of a NEGOTIATE (type 1) message. */
  export function createType1Message(workstation?: string, target?: string): string;
  /** Accepts `NTLM <base64>` or the bare base64 token. */
  export function decodeType2Message(token: string): Type2Message;
  /** `NTLM <base64>` of an AUTHENTICATE (type 3) message. */
  export function createType3Message(
    type2: Type2Message,
    username: string,
    password: string,
    workstation?: string,
    domain?: string,
  ): string;
}
