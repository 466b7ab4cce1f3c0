import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * The type errors of one test file, compiled with the project's tsconfig.json. ts-jest only
 * transpiles, so a file whose cases are `@ts-expect-error` lines (typed config, issue 14) checks
 * itself with this: an empty list means every expected error is there and nothing else is.
 */
export function typeCheckProblems(file: string): string[] {
  const root = path.resolve(__dirname, '../..');
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error('tsconfig.json not read');
  const program = ts.createProgram([file], { ...config.options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
