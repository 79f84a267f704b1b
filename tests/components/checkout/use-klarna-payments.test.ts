import { describe, expect, it } from "vitest";
import type { KlarnaAuthorizeResult, KlarnaPayments } from "@/components/checkout/klarna-sdk";
import { promiseKlarnaPayments } from "@/components/checkout/use-klarna-payments";

/** A fake `Klarna.Payments` that answers each call with the next scripted result and records what it was asked. */
function fakeKlarna(answers: { authorize: KlarnaAuthorizeResult; finalize?: KlarnaAuthorizeResult }) {
  const calls: { method: string; args: unknown[] }[] = [];
  const sdk: KlarnaPayments = {
    init: (...args) => void calls.push({ method: "init", args }),
    load: (options, data, callback) => {
      calls.push({ method: "load", args: [options, data] });
      setTimeout(() => callback({ show_form: true }), 0);
    },
    authorize: (options, data, callback) => {
      calls.push({ method: "authorize", args: [options, data] });
      setTimeout(() => callback(answers.authorize), 0);
    },
    finalize: (options, data, callback) => {
      calls.push({ method: "finalize", args: [options, data] });
      if (!answers.finalize) throw new Error("finalize was not expected");
      setTimeout(() => callback(answers.finalize!), 0);
    },
  };
  return { sdk, calls };
}

const DATA = { billing_address: { email: "customer@email.se" } };

describe("Klarna.Payments as promises", () => {
  it("initialises once with the client token, then loads and authorizes", async () => {
    const { sdk, calls } = fakeKlarna({ authorize: { approved: true, show_form: true, authorization_token: "tok-1" } });
    const payments = promiseKlarnaPayments(sdk, "client-token");
    expect(await payments.load("#klarna", "pay_later")).toEqual({ show_form: true });
    expect(await payments.authorize("pay_later", DATA)).toMatchObject({ approved: true, authorization_token: "tok-1" });
    expect(calls.map((call) => call.method)).toEqual(["init", "load", "authorize"]);
    expect(calls[0]!.args).toEqual([{ client_token: "client-token" }]);
  });

  it("finalizes when authorize answers finalize_required, and gives finalize's token", async () => {
    const { sdk, calls } = fakeKlarna({
      authorize: { approved: true, show_form: true, finalize_required: true },
      finalize: { approved: true, show_form: true, authorization_token: "tok-final" },
    });
    const result = await promiseKlarnaPayments(sdk, "client-token").authorize("pay_over_time", DATA);
    expect(result).toEqual({ approved: true, show_form: true, authorization_token: "tok-final" });
    expect(calls.map((call) => call.method)).toEqual(["init", "authorize", "finalize"]);
    expect(calls[2]!.args).toEqual([{ payment_method_category: "pay_over_time" }, DATA]);
  });

  it("gives finalize's refusal, so a shopper Klarna declines at finalize is told so", async () => {
    const { sdk } = fakeKlarna({
      authorize: { approved: false, show_form: true, finalize_required: true },
      finalize: { approved: false, show_form: false },
    });
    expect(await promiseKlarnaPayments(sdk, "client-token").authorize("pay_later", DATA)).toEqual({ approved: false, show_form: false });
  });

  it("rejects when the SDK throws, instead of leaving the checkout waiting", async () => {
    const { sdk } = fakeKlarna({ authorize: { approved: true, show_form: true } });
    sdk.authorize = () => {
      throw new Error("InvalidClientTokenError");
    };
    await expect(promiseKlarnaPayments(sdk, "client-token").authorize("pay_later", DATA)).rejects.toThrow("InvalidClientTokenError");
  });
});
