/** What every Auth endpoint is handed: the database, how to sign tokens, and the [auth] settings of supabase/config.toml. */
import type { Sql } from '@tagwright/shared';
import type { ProjectConfig } from '../project-config.ts';
import type { TokenSettings } from './access-token.ts';

export interface AuthContext {
  sql: Sql;
  tokens: TokenSettings;
  config: ProjectConfig['auth'];
}
