import { describe, expect, it } from "vitest";
import { groupCommit } from "@/db/group-commit";

describe("groupCommit", () => {
  it("writes what was given in one turn as one batch, in order, and resolves each caller after it", async () => {
    const batches: number[][] = [];
    const add = groupCommit<number>((items) => {
      batches.push(items);
    });
    const settled: number[] = [];
    await Promise.all([1, 2, 3].map((n) => add(n).then(() => settled.push(n))));
    expect(batches).toEqual([[1, 2, 3]]);
    expect(settled).toEqual([1, 2, 3]);

    await add(4);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it("does not resolve a caller before its batch is written", async () => {
    let finish!: () => void;
    const add = groupCommit<string>(() => new Promise<void>((resolve) => (finish = resolve)));
    let done = false;
    const pending = add("row").then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    finish();
    await pending;
    expect(done).toBe(true);
  });

  it("splits a large turn into batches of at most maxBatch", async () => {
    const sizes: number[] = [];
    const add = groupCommit<number>((items) => {
      sizes.push(items.length);
    }, 4);
    await Promise.all(Array.from({ length: 10 }, (_, n) => add(n)));
    expect(sizes).toEqual([4, 4, 2]);
  });

  it("rejects every caller of a failed batch with its error, and goes on with the next batch", async () => {
    let fail = true;
    const written: string[][] = [];
    const add = groupCommit<string>((items) => {
      if (fail) throw new Error("disk full");
      written.push(items);
    });
    const results = await Promise.allSettled([add("a"), add("b")]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect((results[0] as PromiseRejectedResult).reason).toEqual(new Error("disk full"));
    fail = false;
    await add("c");
    expect(written).toEqual([["c"]]);
  });
});
