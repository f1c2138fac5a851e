/**
 * Which ensemble a trigger belongs to, found without reading every definition: webhook paths,
 * queue names and event patterns of the latest revision of each ensemble. The definition cache
 * keeps one up to date from the KV watch; a queue or event send looks its listeners up here.
 */
import type { EnsembleDefinition, Trigger, WebhookTrigger } from '@baton/model';

/** What a send reaches: the ensembles with a `queue` trigger on a queue, or an `event` trigger matching an event. */
export type SendTarget =
  { readonly kind: 'queue'; readonly queue: string } | { readonly kind: 'event'; readonly event: string };

const EVENT_QUEUE_PREFIX = 'event:';

/** A `storage` queue send names a queue; `event:NAME` reaches the `event` triggers matching NAME. */
export function sendTargetOfQueue(queue: string): SendTarget {
  return queue.startsWith(EVENT_QUEUE_PREFIX)
    ? { kind: 'event', event: queue.slice(EVENT_QUEUE_PREFIX.length) }
    : { kind: 'queue', queue };
}

/** How a send target is named in errors and logs: `queue:<name>` or `event:<name>`. */
export function describeSendTarget(target: SendTarget): string {
  return target.kind === 'queue' ? `queue:${target.queue}` : `event:${target.event}`;
}

/** `order.*` matches `order.created`; `*` matches one dot-separated token, `>` the rest (NATS style). */
export function eventMatches(pattern: string, name: string): boolean {
  const p = pattern.split('.');
  const n = name.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return n.length > i;
    if (i >= n.length || (p[i] !== '*' && p[i] !== n[i])) return false;
  }
  return p.length === n.length;
}

/** Whether a trigger starts its ensemble for a send to `target`. */
export function triggerListensTo(trigger: Trigger, target: SendTarget): boolean {
  return target.kind === 'queue'
    ? trigger.type === 'queue' && trigger.queue === target.queue
    : trigger.type === 'event' && eventMatches(trigger.event, target.event);
}

export interface IndexedWebhook {
  readonly ensemble: string;
  readonly trigger: WebhookTrigger;
}

/** The triggers of the latest revision of every ensemble, by what finds them. Mutable; not shared across processes. */
export class TriggerIndex {
  private readonly triggersByEnsemble = new Map<string, readonly Trigger[]>();
  private readonly webhooks = new Map<string, IndexedWebhook>();
  private readonly queues = new Map<string, Set<string>>();
  /** Event patterns are few; matching scans them (a pattern is not a key). */
  private readonly events = new Map<string, readonly string[]>();

  /** Replaces what the index knows of an ensemble with its (latest) definition's triggers. */
  put(definition: Pick<EnsembleDefinition, 'name' | 'triggers'>): void {
    this.remove(definition.name);
    const name = definition.name;
    this.triggersByEnsemble.set(name, definition.triggers);
    const patterns: string[] = [];
    for (const trigger of definition.triggers) {
      if (trigger.type === 'webhook' && !this.webhooks.has(trigger.path)) {
        // Registration refuses a path another ensemble owns; the first owner keeps it regardless.
        this.webhooks.set(trigger.path, { ensemble: name, trigger });
      } else if (trigger.type === 'queue') {
        const listeners = this.queues.get(trigger.queue) ?? new Set<string>();
        listeners.add(name);
        this.queues.set(trigger.queue, listeners);
      } else if (trigger.type === 'event') {
        patterns.push(trigger.event);
      }
    }
    if (patterns.length > 0) this.events.set(name, patterns);
  }

  /** Forgets an ensemble (deleted, or about to be replaced). */
  remove(name: string): void {
    const triggers = this.triggersByEnsemble.get(name);
    if (triggers === undefined) return;
    this.triggersByEnsemble.delete(name);
    this.events.delete(name);
    for (const trigger of triggers) {
      if (trigger.type === 'webhook' && this.webhooks.get(trigger.path)?.ensemble === name) {
        this.webhooks.delete(trigger.path);
      } else if (trigger.type === 'queue') {
        const listeners = this.queues.get(trigger.queue);
        listeners?.delete(name);
        if (listeners?.size === 0) this.queues.delete(trigger.queue);
      }
    }
  }

  webhook(path: string): IndexedWebhook | undefined {
    return this.webhooks.get(path);
  }

  /** The ensembles a send to `target` starts, by name, sorted. */
  listeners(target: SendTarget): string[] {
    if (target.kind === 'queue') return [...(this.queues.get(target.queue) ?? [])].sort();
    const found: string[] = [];
    for (const [name, patterns] of this.events) {
      if (patterns.some((pattern) => eventMatches(pattern, target.event))) found.push(name);
    }
    return found.sort();
  }

  ensembles(): string[] {
    return [...this.triggersByEnsemble.keys()].sort();
  }
}
