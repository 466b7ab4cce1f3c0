import { GobError, decodeCommandFinished, encodeCommandFinished } from '../../../src/plugins/gob';

/**
 * What Go 1.21's encoding/gob writes for `gob.NewEncoder(w).Encode(&rpc.CommandFinished{s})` on a
 * fresh stream (recorded with a five-line Go program): the type definition, then the value.
 */
const DEFINITION = '2b7f0301010f436f6d6d616e6446696e697368656401ff80000101010a45786974537461747573010400000';
const GO_BYTES: ReadonlyArray<readonly [number, string]> = [
  [0, DEFINITION + '003ff8000'],
  [1, DEFINITION + '005ff80010200'],
  [2, DEFINITION + '005ff80010400'],
  [42, DEFINITION + '005ff80015400'],
  [127, DEFINITION + '006ff8001fffe00'],
  [128, DEFINITION + '007ff8001fe010000'],
  [255, DEFINITION + '007ff8001fe01fe00'],
  [256, DEFINITION + '007ff8001fe020000'],
  [-1, DEFINITION + '005ff80010100'],
  [2300218, DEFINITION + '008ff8001fd46327400'],
  [2 ** 40, DEFINITION + '00bff8001fa02000000000000'],
];

describe('CommandFinished, the gob message of Communicator.Start', () => {
  it.each(GO_BYTES)('exit status %d: encodes to the bytes Go writes and decodes them back', (status, hex) => {
    expect(encodeCommandFinished(status).toString('hex')).toBe(hex);
    expect(decodeCommandFinished(Buffer.from(hex, 'hex'))).toBe(status);
  });

  it('waits for more bytes while the message is incomplete', () => {
    const whole = encodeCommandFinished(42);
    for (let n = 0; n < whole.length; n++)
      expect(decodeCommandFinished(whole.subarray(0, n))).toBeUndefined();
    expect(decodeCommandFinished(whole)).toBe(42);
  });

  it('reads the field by its name in the definition, reads past other number fields, refuses the rest', () => {
    // What Go writes for a struct{Signal, ExitStatus int} named CommandFinished: {0, 3}, then {5, 3}.
    const twoFields =
      '367f0301010f436f6d6d616e6446696e697368656401ff8000010201065369676e616c010400010a4578697453746174' +
      '7573010400000';
    expect(decodeCommandFinished(Buffer.from(twoFields + '005ff80020600', 'hex'))).toBe(3);
    expect(decodeCommandFinished(Buffer.from(twoFields + '007ff80010a010600', 'hex'))).toBe(3);
    // A field of a type that is not one gob number (a string, id 6) cannot be read past.
    const stringField = Buffer.from(twoFields + '007ff80010a010600', 'hex');
    stringField[stringField.indexOf(Buffer.from('Signal')) + 7] = 0x0c;
    expect(() => decodeCommandFinished(stringField)).toThrow(/unexpected field 0/);
  });

  it('refuses a value before its definition, or a definition without ExitStatus', () => {
    expect(() => decodeCommandFinished(Buffer.from('03ff8000', 'hex'))).toThrow(GobError);
    const noStatus = Buffer.from(DEFINITION + '003ff8000', 'hex');
    noStatus.write('ExitStatuz', noStatus.indexOf('ExitStatus'), 'latin1');
    expect(() => decodeCommandFinished(noStatus)).toThrow(/no int ExitStatus/);
  });
});
