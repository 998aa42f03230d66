/** One error type for everything the stack can refuse to do: its message is one line saying what and what to do. */
export class StackError extends Error {
  override readonly name = 'StackError';
}
