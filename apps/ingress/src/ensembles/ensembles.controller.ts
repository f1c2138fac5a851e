import { Body, Controller, Get, Headers, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ENSEMBLE_NAME } from '@baton/definition';
import { cronNextFireAt, type EnsembleDefinition, type Trigger } from '@baton/model';
import { ApiError } from '../http/api-error';
import { ApiKeyGuard } from '../http/api-key.guard';
import { bodyKind, parseJsonBody } from '../http/request-body';
import { EnsembleRegistry } from './ensemble-registry';

/**
 * The triggers as declared; each cron trigger also says when it fires next (`nextFireAt`, ISO 8601
 * with its zone's offset; null when disabled or when the expression never fires), computed where
 * the scheduler computes its instants (@baton/model), so the dashboard and the CLI show the same.
 */
function triggerViews(triggers: readonly Trigger[], now: Date) {
  return triggers.map((trigger) =>
    trigger.type === 'cron'
      ? { ...trigger, nextFireAt: trigger.enabled ? cronNextFireAt(trigger, now) : null }
      : trigger,
  );
}

function summary(definition: EnsembleDefinition, revision: number) {
  return {
    name: definition.name,
    revision,
    version: definition.version ?? null,
    description: definition.description ?? null,
    triggers: triggerViews(definition.triggers, new Date()),
    agents: definition.agents.map((agent) => ({
      name: agent.name,
      operation: agent.operation,
      dependsOn: agent.dependsOn,
    })),
  };
}

@Controller('api/ensembles')
@UseGuards(ApiKeyGuard)
export class EnsemblesController {
  constructor(private readonly registry: EnsembleRegistry) {}

  @Get()
  async list() {
    const all = await this.registry.list();
    return { ensembles: all.map(({ definition, revision }) => summary(definition, revision)) };
  }

  @Get(':name')
  async get(@Param('name') name: string) {
    const { definition, revision } = await this.registry.latest(name);
    return {
      ...summary(definition, revision),
      revisions: await this.registry.revisions(name),
      definition,
    };
  }

  /** One stored revision, so a client can show what changed between two (the dashboard's diff). */
  @Get(':name/revisions/:revision')
  async revision(@Param('name') name: string, @Param('revision') text: string) {
    const revision = /^[1-9]\d{0,15}$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(revision)) {
      throw ApiError.badRequest(`revision must be a positive whole number (got '${text}')`);
    }
    // Only a valid name can be a KV key: anything else is an ensemble that does not exist.
    if (!ENSEMBLE_NAME.test(name)) throw ApiError.notFound(`no ensemble named '${name}'`);
    await this.registry.latest(name); // an unknown name is a missing ensemble, not a missing revision
    const definition = await this.registry.revision(name, revision);
    return { ...summary(definition, revision), definition };
  }

  /** YAML text (`application/yaml`) or `{ "name", "config_path" }` (JSON). */
  @Post()
  async register(
    @Body() raw: Buffer | undefined,
    @Headers('content-type') type: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const kind = bodyKind(type, ['yaml', 'json']);
    const registered =
      kind === 'yaml'
        ? await this.registry.registerText(raw?.toString('utf8') ?? '')
        : await this.registerPath(parseJsonBody(raw));
    reply.status(registered.created ? 201 : 200);
    return { ...summary(registered.definition, registered.revision), created: registered.created };
  }

  private registerPath(body: unknown) {
    const { name, config_path: configPath } = (body ?? {}) as { name?: unknown; config_path?: unknown };
    if (typeof configPath !== 'string' || configPath === '') {
      throw ApiError.badRequest(
        'expected YAML text (Content-Type: application/yaml) or JSON { "name", "config_path" }',
      );
    }
    if (name !== undefined && typeof name !== 'string') throw ApiError.badRequest('"name" must be a string');
    return this.registry.registerPath(name, configPath);
  }
}
