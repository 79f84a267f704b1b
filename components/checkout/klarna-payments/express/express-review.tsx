"use client";

import Link from "next/link";
import { KlarnaSdkScript } from "@/components/checkout/klarna-sdk-script";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ShippingOption } from "@/lib/payments/klarna-payments/express/shipping";
import { placeExpressOrderAction, prepareExpressFinalizeAction } from "./actions";

interface FinalizeResult {
  approved?: boolean;
  show_form?: boolean;
  authorization_token?: string;
  collected_shipping_address?: Record<string, unknown>;
}

interface PaymentsSdk {
  init(options: { client_token: string }): void;
  finalize(options: Record<string, never>, data: Record<string, unknown>, callback: (result: FinalizeResult) => void): void;
}

function paymentsSdk(): PaymentsSdk | null {
  const klarna = (window as unknown as { Klarna?: { Payments?: PaymentsSdk } }).Klarna;
  return klarna?.Payments ?? null;
}

type Phase = { kind: "idle" } | { kind: "working"; message: string } | { kind: "problem"; message: string };

/**
 * Shipping choice and "Confirm and pay" of the multistep Express review: the choice updates the checkout (and
 * Klarna's session); confirming runs Klarna.Payments.init({ client_token }) and finalize({}, orderPayload), then
 * places the order (reference/klarna/express-checkout-notes.md, steps 3-6).
 */
export function ExpressReview(props: {
  sessionId: string;
  clientToken: string;
  sdkUrl: string;
  options: ShippingOption[];
  chosen: "standard" | "express";
  requiresShipping: boolean;
  marketName: string;
}) {
  const router = useRouter();
  const [chosen, setChosen] = useState(props.chosen);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [sdkReady, setSdkReady] = useState(false);
  const [updating, startUpdate] = useTransition();
  const deliverable = !props.requiresShipping || props.options.length > 0;
  const working = phase.kind === "working" || updating;

  const choose = (option: "standard" | "express") => {
    setChosen(option);
    setPhase({ kind: "idle" });
    startUpdate(async () => {
      const changed = await prepareExpressFinalizeAction(props.sessionId, option);
      if (changed.status !== "ready") setPhase({ kind: "problem", message: changed.message });
      router.refresh();
    });
  };

  const confirm = async () => {
    if (working) return;
    const sdk = paymentsSdk();
    if (!sdk) return setPhase({ kind: "problem", message: "Klarna could not be loaded. Check your connection and reload the page." });
    setPhase({ kind: "working", message: "Confirming with Klarna…" });
    const prepared = await prepareExpressFinalizeAction(props.sessionId, chosen).catch(() => null);
    if (!prepared || prepared.status !== "ready") {
      return setPhase({ kind: "problem", message: prepared?.message ?? "We could not reach the store. Please try again." });
    }
    sdk.init({ client_token: props.clientToken });
    sdk.finalize({}, prepared.orderPayload, (result) => {
      void (async () => {
        if (!result.approved || !result.authorization_token) {
          return setPhase({
            kind: "problem",
            message:
              result.show_form === false
                ? "Klarna did not approve this purchase, so nothing was charged. Go back to your cart to pay another way."
                : "Klarna did not confirm the payment. Please try again.",
          });
        }
        setPhase({ kind: "working", message: "Approved by Klarna. Placing your order…" });
        const placed = await placeExpressOrderAction(props.sessionId, result.authorization_token, result.collected_shipping_address ?? null, "multi_step");
        if (placed.status === "placed") return window.location.assign(placed.redirectUrl);
        if (placed.status === "rejected") return window.location.assign(placed.location);
        setPhase({
          kind: "problem",
          message: placed.status === "in_progress" ? "Your order is being placed. Reload this page in a moment." : placed.message,
        });
      })();
    });
  };

  return (
    <>
      <KlarnaSdkScript src={props.sdkUrl} onReady={() => setSdkReady(true)} />
      {props.requiresShipping && (
        <section className="checkout-step" aria-labelledby="shipping-heading">
          <h2 id="shipping-heading">Shipping</h2>
          {deliverable ? (
            <fieldset className="express-review__options" disabled={working}>
              <legend className="visually-hidden">Shipping option</legend>
              {props.options.map((option) => (
                <label key={option.id} className="express-review__option">
                  <input type="radio" name="shipping" value={option.id} checked={chosen === option.id} onChange={() => choose(option.id)} />
                  <span>{option.name}</span>
                  <strong>{option.price}</strong>
                </label>
              ))}
            </fieldset>
          ) : (
            <p className="notice notice--error" role="alert">
              We deliver only within {props.marketName}, and Klarna&apos;s address is elsewhere. Nothing was charged.{" "}
              <Link href="/cart">Back to your cart</Link>
            </p>
          )}
        </section>
      )}
      <div className="express-review__actions">
        <button
          type="button"
          className="button button--primary button--large"
          onClick={() => void confirm()}
          disabled={!deliverable || !sdkReady || working}
        >
          {phase.kind === "working" ? "Confirming…" : "Confirm and pay"}
        </button>
        <div aria-live="polite">
          {updating && <p role="status">Updating the total…</p>}
          {phase.kind === "working" && <p role="status">{phase.message}</p>}
          {phase.kind === "problem" && (
            <p className="notice notice--error" role="alert">
              {phase.message}
            </p>
          )}
        </div>
      </div>
    </>
  );
}
