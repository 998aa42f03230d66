/** Thrown for a wrong command line; main prints the message and the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
