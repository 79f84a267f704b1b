import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createKlarnaClient, sessionCreatedSchema, sessionRequestSchema } from "@/lib/klarna";
import { jsonBody, startFakeKlarna, type FakeKlarna } from "./fake-klarna";

const REFERENCE = path.resolve(__dirname, "../../../reference/klarna");

// Polly.JS stores bodies as parsed JSON where standard HAR has a string; either is accepted.
const body = z.union([z.string().transform((text): unknown => JSON.parse(text)), z.record(z.string(), z.unknown())]);
const harSchema = z.object({
  log: z.object({
    entries: z.array(
      z.object({
        request: z.object({ method: z.string(), url: z.string(), postData: z.object({ text: body }).optional() }),
        response: z.object({ status: z.number(), content: z.object({ text: body.optional() }) }),
      }),
    ),
  }),
});

function sessionCreations(file: string) {
  const har = harSchema.parse(JSON.parse(readFileSync(path.join(REFERENCE, file), "utf8")));
  const entries = har.log.entries.filter(
    (entry) => entry.request.method === "POST" && new URL(entry.request.url).pathname === "/payments/v1/sessions",
  );
  expect(entries.length).toBeGreaterThan(0);
  return entries;
}

const recordings = ["playground-create-session.har", "playground-create-order.har"];

describe("Klarna playground recordings", () => {
  let fake: FakeKlarna;
  beforeAll(async () => {
    fake = await startFakeKlarna();
  });
  afterAll(() => fake.close());

  it.each(recordings)("%s: the request Klarna accepted fits the store's session schema", (file) => {
    for (const entry of sessionCreations(file)) {
      const result = sessionRequestSchema.safeParse(entry.request.postData?.text);
      expect(result.error?.issues ?? []).toEqual([]);
    }
  });

  it.each(recordings)("%s: Klarna's answer parses as a created session", (file) => {
    for (const entry of sessionCreations(file)) {
      expect(entry.response.status).toBe(200);
      const session = sessionCreatedSchema.parse(entry.response.content.text);
      expect(session.session_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(session.client_token.length).toBeGreaterThan(100);
      expect(session.payment_method_categories.map((category) => category.identifier)).toEqual([
        "pay_later",
        "pay_over_time",
        "pay_now",
      ]);
    }
  });

  it("returns the recorded session through the client when Klarna answers as recorded", async () => {
    const [entry] = sessionCreations("playground-create-session.har");
    if (!entry) throw new Error("recording has no session creation");
    fake.answerWith(() => ({ status: entry.response.status, body: entry.response.content.text }));
    const client = createKlarnaClient({ apiUrl: fake.url, username: "u", password: "p", timeoutMs: 2000 });

    const request = sessionRequestSchema.parse(entry.request.postData?.text);
    const session = await client.payments.createSession(request);

    expect(jsonBody(fake.received[0])).toEqual(entry.request.postData?.text);
    expect(session.session_id).toBe("8eb8e26e-01a7-56ee-b847-3add243345f9");
    expect(session.payment_method_categories[0]).toMatchObject({
      identifier: "pay_later",
      asset_urls: { standard: "https://x.klarnacdn.net/payment-method/assets/badges/generic/klarna.svg" },
    });
  });
});
