/**
 * The values of the latest keys, worked out once each: one ask reads its question in several stages, and the
 * cheapest analysis is the one not done again; a word looked up once is looked up again. The oldest key goes
 * first; values (undefined included) must not be changed by their readers.
 */
export class Recent<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string, make: (key: string) => V): V {
    if (this.values.has(key)) return this.values.get(key) as V;
    const value = make(key);
    if (this.values.size >= this.capacity) this.values.delete(this.values.keys().next().value as string);
    this.values.set(key, value);
    return value;
  }
}
