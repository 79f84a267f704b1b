import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("reference/examples generated from the vendors' specs and recordings", () => {
  it("are what scripts/extract-vendor-examples.mjs makes of reference/ today", () => {
    const root = path.resolve(__dirname, "../..");
    const run = () => execFileSync(process.execPath, ["scripts/extract-vendor-examples.mjs", "--check"], { cwd: root, encoding: "utf8", stdio: "pipe" });
    expect(run).not.toThrow();
    expect(run()).toMatch(/^checked \d+ examples/);
  });
});
