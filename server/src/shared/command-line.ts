/*
 * How the `npm run` commands answer the person at the terminal. The answer is the command's
 * result, not a log line, so it is written as plain text to stdout (a refusal to stderr) rather
 * than through the service's logger. Callers print only masked settings, counts, file names
 * and schema versions: never message text, an email address, a phone number or a token.
 */

/** The command's result, on stdout. */
export function printAnswer(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Why the command did nothing, on stderr; then the process ends with `code`. */
export function refuse(text: string, code = 1): never {
  process.stderr.write(`${text}\n`);
  process.exit(code);
}
