/**
 * Remembers when each key last caused a read from a provider, so a page anyone can load with an order id (the
 * confirmation page) cannot turn reloads into a stream of calls to the provider's API. In-process: each store
 * process allows its own read per interval, which bounds the calls by the number of processes, not of requests.
 */
export function readThrottle(intervalMs: number, maxKeys = 10_000) {
  const lastRead = new Map<string, number>();
  return {
    /** True, and the read is counted, when `key` has not been read within the interval. */
    mayRead(key: string, now = Date.now()): boolean {
      const last = lastRead.get(key);
      if (last !== undefined && now - last < intervalMs) return false;
      if (lastRead.size >= maxKeys) {
        for (const [old, at] of lastRead) if (now - at >= intervalMs) lastRead.delete(old);
        // Every key is recent: forget the oldest (Map keeps insertion order), so memory stays bounded under a flood.
        if (lastRead.size >= maxKeys) lastRead.delete(lastRead.keys().next().value!);
      }
      lastRead.delete(key);
      lastRead.set(key, now);
      return true;
    },
  };
}
