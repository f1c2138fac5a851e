import { IsOptional } from 'class-validator';
import { isMapping, PATH, Rule } from './constraints/rule';
import { IsStringList } from './constraints/string-list';

/** `state:` of an agent: the keys it reads (`use`) and the keys it sets when it finishes (`set`). */
export class AgentStateDto {
  @IsOptional() @IsStringList({ what: 'state keys' }) use?: string[];

  @IsOptional()
  @Rule({
    name: 'isStateSet',
    code: 'invalid-value',
    test: (value) =>
      isMapping(value) || (Array.isArray(value) && value.every((key) => typeof key === 'string')),
    message: () => `${PATH} must be a mapping of state keys to values ({ key: \${expr} }) or a list of keys`,
    schema: { anyOf: [{ type: 'object' }, { type: 'array', items: { type: 'string' } }] },
  })
  set?: Record<string, unknown> | string[];
}
