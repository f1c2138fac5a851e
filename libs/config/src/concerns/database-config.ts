import { IsOptional } from 'class-validator';
import { DefaultsTo, Sensitive } from '../config-metadata';
import { IsUrlWithScheme } from '../config-validators';

const POSTGRES_SCHEMES = ['postgres', 'postgresql'];

export class DatabaseConfig {
  /** Baton's read models (schema `baton`), created and migrated on start. */
  @Sensitive()
  @IsUrlWithScheme(POSTGRES_SCHEMES)
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/baton';

  /** Default connection of `data` agents; DATABASE_URL when unset. */
  @Sensitive()
  @DefaultsTo('DATABASE_URL')
  @IsOptional()
  @IsUrlWithScheme(POSTGRES_SCHEMES)
  DATA_DATABASE_URL!: string;
}
