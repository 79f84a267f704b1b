import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeKlarna, type FakeKlarna } from "./fake-klarna";

let fake: FakeKlarna;
beforeAll(async () => {
  fake = await startFakeKlarna();
});
afterEach(() => {
  vi.unstubAllEnvs();
  fake.reset();
});
afterAll(() => fake.close());

describe("klarna()", () => {
  it("talks to KLARNA_API_URL with the configured credentials, reusing one client", async () => {
    vi.stubEnv("KLARNA_API_URL", fake.url);
    vi.stubEnv("KLARNA_USERNAME", "PK777_env");
    vi.stubEnv("KLARNA_PASSWORD", "from-the-environment");
    vi.resetModules();
    const { klarna } = await import("@/lib/klarna");
    fake.answerWith(() => ({ status: 204 }));

    await klarna().orders.acknowledge("order-1");

    expect(klarna()).toBe(klarna());
    expect(fake.received[0]?.url).toBe("/ordermanagement/v1/orders/order-1/acknowledge");
    expect(fake.received[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("PK777_env:from-the-environment").toString("base64")}`,
    );
  });
});
