/**
 * Errors of the settings endpoints in words a user can act on: a status, a message and the field
 * it is about; Postgres refusals (RLS, the key functions' role checks, check constraints) mapped
 * to 403 / 400 with the database's own explanation.
 */
import { json } from '@sveltejs/kit';

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';
const CHECK_VIOLATION = '23514';
/** redeliver_webhook while a webhooks function still holds the delivery. */
const OBJECT_IN_USE = '55006';

/** Runs an endpoint body; SettingsErrors and known database refusals become JSON answers. */
export async function answer(body: () => Promise<Response>): Promise<Response> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof SettingsError) return json({ message: error.message, field: error.field }, { status: error.status });
    const code = (error as { code?: string }).code;
    if (code === INSUFFICIENT_PRIVILEGE) {
      const message = (error as Error).message;
      return json(
        { message: /row-level security/.test(message) ? 'Only owners and editors of the workspace can change this.' : message },
        { status: 403 },
      );
    }
    if (code === OBJECT_IN_USE) return json({ message: (error as Error).message }, { status: 409 });
    if (code === CHECK_VIOLATION) return json({ message: `That value is not allowed (${(error as Error).message}).` }, { status: 400 });
    throw error;
  }
}
