/**
 * Writes that many requests make at about the same moment, committed together. Each caller's promise settles once
 * the batch holding its item has been written (or has failed), so a caller that awaits it knows its row is stored,
 * as with a write of its own; the items of one event-loop turn share one commit instead of paying for one each.
 * Items are written in the order they were given, at most `maxBatch` per commit.
 */
export function groupCommit<T>(write: (items: T[]) => Promise<void> | void, maxBatch = 200): (item: T) => Promise<void> {
  let waiting: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let scheduled = false;

  const flush = async () => {
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(batch.length);
    if (waiting.length > 0) setImmediate(flush);
    else scheduled = false;
    try {
      await write(batch.map((entry) => entry.item));
      for (const entry of batch) entry.resolve();
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  };

  return (item) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (scheduled) return;
      scheduled = true;
      // After the turn's other callbacks, so the requests handled in this turn join the batch.
      setImmediate(flush);
    });
}
