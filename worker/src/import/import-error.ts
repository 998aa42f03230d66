/** Why a whole import cannot go on, in words the user can act on (kept on the imports row). */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  /** The imports row that records the failure, once there is one. */
  importId: string | undefined;
}
