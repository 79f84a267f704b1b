import { describe, expect, it } from "vitest";
import { receiveCallback, type CallbackModule } from "@/lib/payments/webhook-inbox";

// Push and validation (lib/payments/order-management/push.ts, lib/payments/kustom/validation.ts) run through
// receiveCallback: parse, answer a repeat from the record, verify, apply; a step that answers ends the callback there.
function planted(options: { parse?: boolean; repeat?: boolean; verify?: boolean }) {
  const steps: string[] = [];
  const callbacks: CallbackModule<string, string> = {
    provider: "kustom",
    async parse(request) {
      steps.push("parse");
      return options.parse === false ? { ok: false, response: new Response(null, { status: 400 }) } : { ok: true, value: new URL(request.url).search };
    },
    async recorded() {
      steps.push("recorded");
      return options.repeat ? Response.json({ repeat: true }) : null;
    },
    async verify(parsed) {
      steps.push("verify");
      return options.verify === false ? { ok: false, response: new Response(null, { status: 401 }) } : { ok: true, value: `${parsed}!` };
    },
    async apply(verified) {
      steps.push(`apply ${verified}`);
      return new Response(null, { status: 200 });
    },
  };
  return { callbacks, steps };
}

const request = () => new Request("http://store.test/api/push?id=1", { method: "POST" });

describe("receiveCallback", () => {
  it("parses, checks the record, verifies and applies, in that order", async () => {
    const { callbacks, steps } = planted({});
    expect((await receiveCallback(callbacks, request())).status).toBe(200);
    expect(steps).toEqual(["parse", "recorded", "verify", "apply ?id=1!"]);
  });

  it("stops at a body it cannot parse, before any read", async () => {
    const { callbacks, steps } = planted({ parse: false });
    expect((await receiveCallback(callbacks, request())).status).toBe(400);
    expect(steps).toEqual(["parse"]);
  });

  it("answers a repeat from the record without verifying or applying again", async () => {
    const { callbacks, steps } = planted({ repeat: true });
    expect(await (await receiveCallback(callbacks, request())).json()).toEqual({ repeat: true });
    expect(steps).toEqual(["parse", "recorded"]);
  });

  it("applies nothing when the callback does not verify", async () => {
    const { callbacks, steps } = planted({ verify: false });
    expect((await receiveCallback(callbacks, request())).status).toBe(401);
    expect(steps).toEqual(["parse", "recorded", "verify"]);
  });

  it("skips the record when the module keeps none (validation)", async () => {
    const { callbacks, steps } = planted({});
    const withoutRecord: CallbackModule<string, string> = { ...callbacks, recorded: undefined };
    expect((await receiveCallback(withoutRecord, request())).status).toBe(200);
    expect(steps).toEqual(["parse", "verify", "apply ?id=1!"]);
  });
});
