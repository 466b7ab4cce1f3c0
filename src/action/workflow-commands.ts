import { randomUUID } from 'node:crypto';

/**
 * The runner reads every line a step prints for workflow commands: `::name args::value` (after
 * leading blanks) and the older `##[name args]value` anywhere in a line. A build name from a
 * variable file, a diagnostic quoting a template or a provisioner's output must not be able to
 * start one (`::warning::`, `::add-mask::`, `::stop-commands::`...), so a line of such text that
 * could be read as a command is printed between `::stop-commands::TOKEN` and `::TOKEN::`, with a
 * fresh random token the text cannot know — GitHub's own way to print untrusted output.
 */

const COULD_BE_COMMAND = /::|##\[/;

export function untrustedLines(
  info: (line: string) => void,
  token: () => string = () => randomUUID(),
): (line: string) => void {
  return (line) => {
    if (!COULD_BE_COMMAND.test(line)) return info(line);
    const t = token();
    info(`::stop-commands::${t}`);
    info(line);
    info(`::${t}::`);
  };
}
