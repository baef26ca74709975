/**
 * The values of the latest few keys, worked out once each: one ask reads its question in several stages, and
 * the cheapest analysis is the one not done again. The oldest key goes first; values must not be changed by
 * their readers.
 */
export class Recent<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string, make: (key: string) => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = make(key);
      if (this.values.size >= this.capacity) this.values.delete(this.values.keys().next().value as string);
      this.values.set(key, value);
    }
    return value;
  }
}
