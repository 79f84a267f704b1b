"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { KlarnaSdkScript } from "./klarna-sdk-script";
import type { ShopperDetails } from "@/lib/checkout/test-shoppers";
import type { PlaceOrderResult, PrepareResult } from "@/lib/checkout/place-order-result";
import { AddressFields } from "./address-fields";
import {
  buildKlarnaAddresses,
  EMPTY_VALUES,
  fieldForKlarnaPath,
  fieldId,
  missingFields,
  type AddressOptions,
  type AddressPart,
  type AddressValues,
  type CheckoutValues,
} from "./klarna-addresses";
import type { KlarnaAuthorizeResult } from "./klarna-sdk";
import { TextField } from "./text-field";
import { useKlarnaPayments } from "./use-klarna-payments";

type Errors = Partial<Record<string, string>>;

type Phase =
  | { kind: "loading" }
  | { kind: "ready" }
  | { kind: "unavailable"; message: string }
  | { kind: "working"; message: string }
  | { kind: "declined" }
  | { kind: "error"; message: string };

export interface CheckoutFormProps {
  sessionId: string;
  clientToken: string;
  sdkUrl: string;
  categories: { identifier: string; name: string }[];
  market: { code: string; name: string; country: string };
  requiresShipping: boolean;
  testShopper: ShopperDetails | null;
  /**
   * The provider's own server actions around Klarna's authorize: Klarna Payments' (components/checkout/klarna-payments/
   * actions.ts) or Checkout.com's. Passed in, so this shared form reaches no provider's folder.
   */
  actions: {
    prepare: (sessionId: string) => Promise<PrepareResult>;
    place: (sessionId: string, authorizationToken: string, addresses: unknown) => Promise<PlaceOrderResult>;
  };
}

const CONTAINER = "#klarna-payments-container";
const NOT_LOADED = "Klarna could not be loaded. Check your connection and reload the page.";

/** Placing is idempotent (a session that has its order answers "placed"), so a failed request is simply repeated. */
async function placeOrderWithRetry<T>(place: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await place();
    } catch (error) {
      if (attempt >= 2) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
    }
  }
}

export function CheckoutForm(props: CheckoutFormProps) {
  const router = useRouter();
  const [values, setValues] = useState<CheckoutValues>(EMPTY_VALUES);
  const [errors, setErrors] = useState<Errors>({});
  const [shipElsewhere, setShipElsewhere] = useState(false);
  const [category, setCategory] = useState(props.categories[0]?.identifier ?? "");
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [notice, setNotice] = useState<string | null>(null);
  const payments = useKlarnaPayments(props.clientToken);
  const needsRegion = props.market.code === "US";
  const addressOptions: AddressOptions = {
    country: props.market.country,
    needsRegion,
    requiresShipping: props.requiresShipping,
    shipElsewhere,
  };

  const setContact = (key: "email" | "phone") => (value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  };
  const setAddress = (part: AddressPart) => (key: keyof AddressValues, value: string) => {
    setValues((current) => ({ ...current, [part]: { ...current[part], [key]: value } }));
    setErrors((current) => ({ ...current, [fieldId(part, key)]: undefined }));
  };

  // Load a payment method category into Klarna's container; called when the SDK is ready and on every choice.
  async function loadWidget(identifier: string) {
    if (!identifier) {
      setPhase({ kind: "unavailable", message: NOT_LOADED });
      return;
    }
    try {
      const result = await payments.load(CONTAINER, identifier);
      setPhase(
        result.show_form
          ? { kind: "ready" }
          : { kind: "unavailable", message: "Klarna cannot offer this payment method for your order. Try another one, or reload the page." },
      );
    } catch {
      setPhase({ kind: "unavailable", message: "Klarna could not start. Reload the page to try again." });
    }
  }

  async function placeAuthorizedOrder(authorizationToken: string, addresses: ReturnType<typeof buildKlarnaAddresses>) {
    setPhase({ kind: "working", message: "Placing your order…" });
    let placed;
    try {
      placed = await placeOrderWithRetry(() => props.actions.place(props.sessionId, authorizationToken, addresses));
    } catch {
      setPhase({ kind: "error", message: "We lost the connection while placing your order. Your payment may have gone through: check your email from Klarna, or reload this page." });
      return;
    }
    if (placed.status === "placed") {
      setPhase({ kind: "working", message: "Order placed. Taking you to your receipt…" });
      window.location.assign(placed.redirectUrl);
      return;
    }
    if (placed.status === "rejected") {
      // The store's rules refused the order (and cancelled the authorization): the page says why.
      window.location.assign(placed.location);
      return;
    }
    setPhase({
      kind: "error",
      message: placed.status === "in_progress" ? "Your order is being placed. Reload this page in a moment to see your receipt." : placed.message,
    });
  }

  function showAuthorizationProblem(result: KlarnaAuthorizeResult) {
    if (!result.show_form) {
      setPhase({ kind: "declined" });
      return;
    }
    const marked: Errors = {};
    for (const path of result.error?.invalid_fields ?? []) {
      const field = fieldForKlarnaPath(path);
      if (field) marked[field] = field === "email" ? "Klarna could not use this email address. Check it and try again." : "Klarna could not use this. Check it and try again.";
    }
    setPhase({ kind: "ready" });
    const first = Object.keys(marked)[0];
    if (first) {
      setErrors(marked);
      setNotice("Klarna needs you to correct the marked fields.");
      document.getElementById(first)?.focus();
      return;
    }
    setNotice("You closed Klarna before finishing. Nothing was charged; press Pay with Klarna to try again.");
  }

  async function pay(event: React.FormEvent) {
    event.preventDefault();
    setNotice(null);
    const missing = missingFields(values, addressOptions);
    setErrors(Object.fromEntries(missing.map((id) => [id, "Fill this in."])));
    if (missing.length > 0) {
      setNotice("Fill in the marked fields to continue.");
      document.getElementById(missing[0]!)?.focus();
      return;
    }
    setPhase({ kind: "working", message: "Checking your cart…" });
    let prepared;
    try {
      prepared = await props.actions.prepare(props.sessionId);
    } catch {
      // The request never reached the store, or its answer never came back: nothing was sent to Klarna.
      setPhase({ kind: "error", message: "We could not reach the store. Check your connection and press Pay with Klarna again." });
      return;
    }
    if (prepared.status === "blocked") {
      setPhase({ kind: "error", message: prepared.message });
      return;
    }
    if (prepared.changed) {
      router.refresh();
      setNotice(`Your cart changed in another window. The total is now ${prepared.total}.`);
    }
    setPhase({ kind: "working", message: "Waiting for Klarna…" });
    const addresses = buildKlarnaAddresses(values, addressOptions);
    let result: KlarnaAuthorizeResult;
    try {
      result = await payments.authorize(category, { ...addresses });
    } catch {
      setPhase({ kind: "error", message: NOT_LOADED });
      return;
    }
    if (result.approved && result.authorization_token) await placeAuthorizedOrder(result.authorization_token, addresses);
    else showAuthorizationProblem(result);
  }

  function fillTestShopper() {
    const shopper = props.testShopper;
    if (!shopper) return;
    const { email, phone, ...address } = shopper;
    setValues((current) => ({ ...current, email, phone, billing: address }));
    setErrors({});
  }

  const busy = phase.kind === "working" || phase.kind === "loading";
  const payable = phase.kind === "ready" || phase.kind === "error";

  return (
    <form className="checkout-form" onSubmit={pay} noValidate aria-label="Checkout">
      {/* Klarna's SDK once the page is hydrated (klarna-sdk-script.tsx), not lazyOnload: the widget is what the shopper
          came to this page for (after the page's load and an idle moment, it kept two "Loading Klarna…" states on
          screen and moved the Pay button when it arrived). */}
      <KlarnaSdkScript src={props.sdkUrl} onReady={() => void loadWidget(category)} onError={() => setPhase({ kind: "unavailable", message: NOT_LOADED })} />

      <section className="checkout-step" aria-labelledby="contact-heading">
        <div className="checkout-step__head">
          <h2 id="contact-heading">
            <span className="step-number" aria-hidden="true">1</span> Contact
          </h2>
          {props.testShopper && (
            <button type="button" className="button button--secondary button--small" onClick={fillTestShopper}>
              Fill in a test shopper
            </button>
          )}
        </div>
        <div className="field-grid">
          <TextField id="email" label="Email" type="email" autoComplete="email" value={values.email} error={errors.email} onChange={setContact("email")} />
          <TextField id="phone" label="Phone" type="tel" autoComplete="tel" value={values.phone} error={errors.phone} onChange={setContact("phone")} />
        </div>
      </section>

      <section className="checkout-step" aria-labelledby="billing-heading">
        <h2 id="billing-heading">
          <span className="step-number" aria-hidden="true">2</span> {props.requiresShipping ? "Billing and delivery address" : "Billing address"}
        </h2>
        <div className="field-grid">
          <AddressFields part="billing" values={values.billing} errors={errors} needsRegion={needsRegion} onChange={setAddress("billing")} />
          <p className="field field--static field--wide">
            <span className="field__label">Country</span>
            <span>{props.market.name} (change it with “Ship to” at the top)</span>
          </p>
        </div>
        {props.requiresShipping ? (
          <label className="checkbox">
            <input type="checkbox" checked={shipElsewhere} onChange={(event) => setShipElsewhere(event.target.checked)} />
            Ship to a different address
          </label>
        ) : (
          <p className="checkout-note">Everything in your cart is digital: nothing is shipped.</p>
        )}
        {props.requiresShipping && shipElsewhere && (
          <fieldset className="field-grid shipping-fields">
            <legend>Delivery address</legend>
            <AddressFields part="shipping" values={values.shipping} errors={errors} needsRegion={needsRegion} onChange={setAddress("shipping")} />
          </fieldset>
        )}
      </section>

      <section className="checkout-step" aria-labelledby="payment-heading">
        <h2 id="payment-heading">
          <span className="step-number" aria-hidden="true">3</span> Payment
        </h2>
        {phase.kind === "declined" ? (
          <div className="notice notice--error" role="alert">
            <strong>Klarna could not approve this purchase.</strong> Nothing was charged and your cart is saved. You can
            try again later or contact Klarna for the reason. <Link href="/cart">Back to your cart</Link>
          </div>
        ) : phase.kind === "unavailable" ? (
          <div className="notice notice--error" role="alert">
            {phase.message}
          </div>
        ) : (
          <>
            <fieldset className="payment-methods" disabled={busy && phase.kind !== "loading"}>
              <legend className="visually-hidden">Klarna payment method</legend>
              {props.categories.map((option) => (
                <label key={option.identifier} className={option.identifier === category ? "payment-method payment-method--active" : "payment-method"}>
                  <input
                    type="radio"
                    name="payment_method_category"
                    value={option.identifier}
                    checked={option.identifier === category}
                    onChange={() => {
                      setCategory(option.identifier);
                      void loadWidget(option.identifier);
                    }}
                  />
                  <span className="klarna-badge" aria-hidden="true">
                    Klarna.
                  </span>
                  <span>{option.name}</span>
                </label>
              ))}
            </fieldset>
            <div id="klarna-payments-container" className="klarna-container" />
            {phase.kind === "loading" && (
              <p className="loading loading--inline" role="status">
                <span className="spinner" aria-hidden="true" /> Loading Klarna…
              </p>
            )}
          </>
        )}
      </section>

      <div aria-live="polite" className="checkout-messages">
        {notice && (
          <p className="notice notice--warning" role="status">
            {notice}
          </p>
        )}
        {phase.kind === "error" && (
          <p className="notice notice--error" role="alert">
            {phase.message}
          </p>
        )}
        {phase.kind === "working" && (
          <p className="loading loading--inline" role="status">
            <span className="spinner" aria-hidden="true" /> {phase.message}
          </p>
        )}
      </div>

      {phase.kind !== "declined" && phase.kind !== "unavailable" && (
        <button type="submit" className="button button--klarna button--block button--large" disabled={!payable}>
          Pay with Klarna
        </button>
      )}
    </form>
  );
}
