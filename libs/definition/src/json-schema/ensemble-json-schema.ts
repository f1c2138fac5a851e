/**
 * The JSON Schema of the ensemble YAML format, for editors: generated from the same DTO classes the
 * loader validates with (class-validator-jsonschema), so the two cannot drift apart.
 */
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { AgentDto } from '../dto/agent.dto';
import { AgentStateDto } from '../dto/agent-state.dto';
import { ConcurrencyDto } from '../dto/concurrency.dto';
import { BreakerDto, CONNECTION_DTOS, HttpAuthDto } from '../dto/connection.dto';
import { hasOpenKeys } from '../dto/constraints/open-keys';
import { ruleSchemas } from '../dto/constraints/rule';
import { EnsembleDto } from '../dto/ensemble.dto';
import { EnsembleStateDto } from '../dto/ensemble-state.dto';
import { FlowAgentDto, FlowParallelGroupDto } from '../dto/flow-entry.dto';
import { EnsembleInputDto } from '../dto/input.dto';
import { LoopDto } from '../dto/loop.dto';
import { NOTIFICATION_DTOS } from '../dto/notification.dto';
import { ParallelGroupDto } from '../dto/parallel-group.dto';
import { RetryDto } from '../dto/retry.dto';
import { TEMPLATE_DTOS } from '../dto/template.dto';
import { TRIGGER_DTOS, WebhookAuthDto } from '../dto/trigger.dto';
import type { DtoClass } from '../dto/variants';

const DTOS: readonly DtoClass[] = [
  EnsembleDto,
  AgentDto,
  ParallelGroupDto,
  FlowAgentDto,
  FlowParallelGroupDto,
  RetryDto,
  LoopDto,
  AgentStateDto,
  EnsembleStateDto,
  EnsembleInputDto,
  ConcurrencyDto,
  WebhookAuthDto,
  HttpAuthDto,
  BreakerDto,
  ...TRIGGER_DTOS,
  ...CONNECTION_DTOS,
  ...TEMPLATE_DTOS,
  ...NOTIFICATION_DTOS,
];

export function ensembleJsonSchema(): { [key: string]: unknown } {
  const options = { refPointerPrefix: '#/definitions/', additionalConverters: ruleSchemas() };
  const definitions = Object.fromEntries(
    DTOS.map((dto) => {
      const schema = targetConstructorToSchema(dto, options) as { [key: string]: unknown };
      // unknown keys are load errors, except where the keys depend on an open-ended type
      return [dto.name, hasOpenKeys(new dto()) ? schema : { ...schema, additionalProperties: false }];
    }),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://baton.dev/schemas/ensemble.schema.json',
    title: 'Baton ensemble',
    $ref: `#/definitions/${EnsembleDto.name}`,
    definitions,
  };
}
