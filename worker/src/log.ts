/** JSON logs (pino), one line per event; LOG_LEVEL sets the level. Secrets are redacted by key. */
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(bindings: Record<string, unknown> = {}, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? 'info',
      base: bindings,
      redact: { paths: ['*.password', '*.token', '*.apikey', '*.authorization', 'databaseUrl'], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
