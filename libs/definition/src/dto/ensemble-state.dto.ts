import { IsOptional } from 'class-validator';
import { STATE_TYPES } from '@baton/model';
import { IsMapping } from './constraints/mapping';

/** `state:` of an ensemble: the names and types of the run's state keys. */
export class EnsembleStateDto {
  @IsOptional()
  @IsMapping({ type: 'object', additionalProperties: { type: 'string', enum: [...STATE_TYPES] } })
  schema?: Record<string, unknown>;
}
