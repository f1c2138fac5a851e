import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { EnsemblesConfig } from '@baton/config';
import { formatIssue, isEnsembleName, loadEnsembleDir } from '@baton/definition';
import type { DefinitionIssue, EnsembleDefinition } from '@baton/model';
import { DefinitionCache, type RegisteredWebhook } from '@baton/messaging';
import { ApiError } from '../http/api-error';
import { DefinitionLoader } from './definition-loader';

export type RegisteredTrigger = RegisteredWebhook;

/**
 * Definitions live in the `baton_ensembles` KV (revision = the definition's version). Ingress loads
 * ENSEMBLES_DIR into it on start and registers through the API; webhook paths and latest revisions
 * come from the process's definition cache, which the KV watch keeps current, so every replica
 * serves what any replica registered.
 */
@Injectable()
export class EnsembleRegistry implements OnModuleInit {
  private readonly logger = new Logger(EnsembleRegistry.name);

  constructor(
    private readonly store: DefinitionCache,
    private readonly config: EnsemblesConfig,
    private readonly loader: DefinitionLoader,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.loadDirectory();
  }

  webhook(path: string): Promise<RegisteredTrigger | undefined> {
    return this.store.webhook(path);
  }

  async latest(name: string): Promise<{ definition: EnsembleDefinition; revision: number }> {
    // A name no ensemble can have is never a key to look up (the KV refuses some, NATS others).
    if (!isEnsembleName(name)) throw ApiError.notFound(`no ensemble named '${name}'`);
    const found = await this.store.latest(name);
    if (!found) throw ApiError.notFound(`no ensemble named '${name}'`);
    return found;
  }

  async revision(name: string, revision: number): Promise<EnsembleDefinition> {
    if (!isEnsembleName(name)) throw ApiError.notFound(`no ensemble named '${name}'`);
    const found = await this.store.get(name, revision);
    if (!found) throw ApiError.notFound(`ensemble '${name}' has no revision ${revision}`);
    return found;
  }

  list() {
    return this.store.list();
  }

  /**
   * Removes an ensemble: its triggers stop (webhook paths, queues and events here and on every
   * replica through the KV watch; cron and database triggers where they are served, on the same
   * delete marker). Its revisions, runs and their history stay; runs in flight go on with their
   * revision. Answers the last revision it had.
   */
  async remove(name: string): Promise<{ name: string; revision: number }> {
    if (!isEnsembleName(name)) throw ApiError.notFound(`no ensemble named '${name}'`);
    const removed = await this.store.remove(name);
    if (!removed) throw ApiError.notFound(`no ensemble named '${name}'`);
    this.logger.log(`ensemble ${name} removed (its last revision was ${removed.revision})`);
    return { name, revision: removed.revision };
  }

  revisions(name: string): Promise<number[]> {
    if (!isEnsembleName(name)) return Promise.resolve([]);
    return this.store.revisions(name);
  }

  /** Registers YAML text; referenced files are looked up in ENSEMBLES_DIR (dsl.md). */
  async registerText(
    text: string,
  ): Promise<{ definition: EnsembleDefinition; revision: number; created: boolean }> {
    const result = await this.loader.loadText(text, 'request body', resolve(this.config.ENSEMBLES_DIR));
    return this.register(result.ok ? result.definition : undefined, result.ok ? [] : result.issues);
  }

  /** Registers a file on this server's disk; its scripts and schemas are read beside it. */
  async registerPath(name: string | undefined, configPath: string) {
    const path = isAbsolute(configPath) ? configPath : resolve(configPath);
    if (!existsSync(path))
      throw ApiError.invalidInput(`config_path ${configPath} does not exist on the server`);
    const result = await this.loader.loadFile(path);
    if (result.ok && name !== undefined && result.definition.name !== name) {
      throw ApiError.invalidInput(
        `name '${name}' does not match the ensemble '${result.definition.name}' defined in ${configPath}`,
      );
    }
    return this.register(result.ok ? result.definition : undefined, result.ok ? [] : result.issues);
  }

  private async register(definition: EnsembleDefinition | undefined, issues: readonly DefinitionIssue[]) {
    if (!definition) {
      throw ApiError.invalidInput('the ensemble is not valid', {
        issues: issues.map((issue) => ({ ...issue, text: formatIssue(issue) })),
      });
    }
    for (const trigger of definition.triggers) {
      if (trigger.type !== 'webhook') continue;
      const owner = await this.store.webhook(trigger.path);
      if (owner && owner.ensemble !== definition.name) {
        throw ApiError.conflict(
          `webhook path ${trigger.path} is already used by ensemble '${owner.ensemble}'`,
        );
      }
    }
    const before = await this.store.latest(definition.name);
    const revision = await this.store.put(definition);
    return { definition, revision, created: before?.revision !== revision };
  }

  private async loadDirectory(): Promise<void> {
    const dir = resolve(this.config.ENSEMBLES_DIR);
    if (!existsSync(dir)) {
      this.logger.warn(`ENSEMBLES_DIR ${dir} does not exist: no ensembles loaded from disk`);
      return;
    }
    const { ensembles, issues } = loadEnsembleDir(dir);
    for (const issue of issues) {
      const line = formatIssue(issue);
      if (issue.severity === 'error') this.logger.error(line);
      else this.logger.warn(line);
    }
    for (const definition of ensembles) {
      const revision = await this.store.put(definition);
      this.logger.log(`ensemble ${definition.name} at revision ${revision}`);
    }
  }
}
