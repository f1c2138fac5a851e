/**
 * A compile cache that cannot grow without bound: past `limit` entries the oldest is dropped. The
 * sources it holds come from definitions, so in practice it only ever fills in tests.
 */
export class BoundedCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limit: number) {}

  get(key: string, build: (key: string) => T): T {
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached;
    const built = build(key);
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, built);
    return built;
  }
}
