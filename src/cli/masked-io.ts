import { Masker } from '../engine/ui';
import type { Diagnostic } from '../hcl/diagnostics';
import type { CommandIO } from './io';

/**
 * A command's IO with the template's secrets masked in everything it prints or reports, as
 * Packer's UI scrubs every message with its log filter: the text on standard output and error
 * (diagnostics with their source snippets included), build output, and the diagnostics handed to
 * the observer (the action's annotations, outputs and summary). The observer hears of each secret
 * first, so a surface can mask it before anything is printed.
 */
export interface MaskedCommandIO {
  readonly io: CommandIO;
  /** Masks `secret` from now on (a generated key or password), telling the observer first. */
  readonly addSecret: (secret: string) => void;
  /** `text` with every secret known so far masked (for what a command writes to files). */
  readonly mask: (text: string) => string;
}

export function maskedCommandIO(io: CommandIO, secrets: readonly string[]): MaskedCommandIO {
  const masker = new Masker([], (s) => io.observer?.secret?.(s));
  for (const s of secrets) masker.add(s);
  const observer = io.observer;
  return {
    addSecret: (s) => masker.add(s),
    mask: (text) => masker.mask(text),
    io: {
      ...io,
      stdout: (text) => io.stdout(masker.mask(text)),
      stderr: (text) => io.stderr(masker.mask(text)),
      ...(observer
        ? {
            observer: {
              ...observer,
              ...(observer.diagnostics
                ? {
                    diagnostics: (found, files) =>
                      observer.diagnostics?.(
                        found.map((d) => maskDiagnostic(d, masker)),
                        files,
                      ),
                  }
                : {}),
              ...(observer.buildOutput
                ? {
                    buildOutput: (build, text, stream) =>
                      observer.buildOutput?.(build, masker.mask(text), stream),
                  }
                : {}),
            },
          }
        : {}),
    },
  };
}

/** A diagnostic whose texts show `<sensitive>` where a secret would be. */
export function maskDiagnostic(d: Diagnostic, masker: Masker): Diagnostic {
  const summary = masker.mask(d.summary);
  const detail = masker.mask(d.detail);
  return summary === d.summary && detail === d.detail ? d : { ...d, summary, detail };
}
