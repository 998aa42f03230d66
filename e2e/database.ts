/** The e2e app's database, for checking what the pages show against what the rows hold. */
import postgres from 'postgres';

export function database() {
  return postgres(process.env.E2E_DATABASE_URL ?? '', { max: 2, onnotice: () => undefined });
}
