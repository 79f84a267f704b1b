"use client";

import Link from "next/link";
import Script from "next/script";
import { useRouter } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import type { ShopperDetails } from "@/lib/checkout/test-shoppers";
import { placeOrderAction, prepareAuthorization } from "./actions";
import { klarnaPayments, type KlarnaAuthorizeResult } from "./klarna-sdk";

type FieldName =
  | "email"
  | "phone"
  | "givenName"
  | "familyName"
  | "streetAddress"
  | "postalCode"
  | "city"
  | "region"
  | "shipGivenName"
  | "shipFamilyName"
  | "shipStreetAddress"
  | "shipPostalCode"
  | "shipCity"
  | "shipRegion";

type Values = Record<FieldName, string>;
type Errors = Partial<Record<FieldName, string>>;

const EMPTY: Values = {
  email: "",
  phone: "",
  givenName: "",
  familyName: "",
  streetAddress: "",
  postalCode: "",
  city: "",
  region: "",
  shipGivenName: "",
  shipFamilyName: "",
  shipStreetAddress: "",
  shipPostalCode: "",
  shipCity: "",
  shipRegion: "",
};

/** Klarna names invalid fields by their path in the authorize data; these are the form fields they belong to. */
const KLARNA_FIELDS: Record<string, FieldName> = {
  "billing_address.email": "email",
  "billing_address.phone": "phone",
  "billing_address.given_name": "givenName",
  "billing_address.family_name": "familyName",
  "billing_address.street_address": "streetAddress",
  "billing_address.postal_code": "postalCode",
  "billing_address.city": "city",
  "billing_address.region": "region",
  "shipping_address.given_name": "shipGivenName",
  "shipping_address.family_name": "shipFamilyName",
  "shipping_address.street_address": "shipStreetAddress",
  "shipping_address.postal_code": "shipPostalCode",
  "shipping_address.city": "shipCity",
  "shipping_address.region": "shipRegion",
};

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
  /** The provider's own steps around Klarna's authorize (Checkout.com); Klarna Payments' by default. */
  actions?: { prepare: typeof prepareAuthorization; place: typeof placeOrderAction };
}

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
  const [values, setValues] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [shipElsewhere, setShipElsewhere] = useState(false);
  const [category, setCategory] = useState(props.categories[0]?.identifier ?? "");
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [notice, setNotice] = useState<string | null>(null);
  const initialised = useRef(false);
  const needsRegion = props.market.code === "US";

  const set = (name: FieldName) => (event: React.ChangeEvent<HTMLInputElement>) => {
    const value = event.target.value;
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => ({ ...current, [name]: undefined }));
  };

  // Load a payment method category into Klarna's container; called when the SDK is ready and on every choice.
  const loadWidget = useCallback(
    (identifier: string) => {
      const payments = klarnaPayments();
      if (!payments || !identifier) {
        setPhase({ kind: "unavailable", message: "Klarna could not be loaded. Check your connection and reload the page." });
        return;
      }
      try {
        if (!initialised.current) {
          payments.init({ client_token: props.clientToken });
          initialised.current = true;
        }
        payments.load({ container: "#klarna-payments-container", payment_method_category: identifier }, {}, (result) => {
          setPhase(
            result.show_form
              ? { kind: "ready" }
              : { kind: "unavailable", message: "Klarna cannot offer this payment method for your order. Try another one, or reload the page." },
          );
        });
      } catch {
        setPhase({ kind: "unavailable", message: "Klarna could not start. Reload the page to try again." });
      }
    },
    [props.clientToken],
  );

  const addresses = useCallback(() => {
    const billing = {
      given_name: values.givenName.trim(),
      family_name: values.familyName.trim(),
      email: values.email.trim(),
      phone: values.phone.trim(),
      street_address: values.streetAddress.trim(),
      postal_code: values.postalCode.trim(),
      city: values.city.trim(),
      ...(needsRegion ? { region: values.region.trim() } : {}),
      country: props.market.country,
    };
    const shipping =
      props.requiresShipping && shipElsewhere
        ? {
            given_name: values.shipGivenName.trim(),
            family_name: values.shipFamilyName.trim(),
            email: billing.email,
            phone: billing.phone,
            street_address: values.shipStreetAddress.trim(),
            postal_code: values.shipPostalCode.trim(),
            city: values.shipCity.trim(),
            ...(needsRegion ? { region: values.shipRegion.trim() } : {}),
            country: props.market.country,
          }
        : props.requiresShipping
          ? billing
          : undefined;
    return { billing_address: billing, ...(shipping ? { shipping_address: shipping } : {}) };
  }, [values, needsRegion, props.market.country, props.requiresShipping, shipElsewhere]);

  function missingFields(): Errors {
    const required: FieldName[] = ["email", "phone", "givenName", "familyName", "streetAddress", "postalCode", "city"];
    if (needsRegion) required.push("region");
    if (props.requiresShipping && shipElsewhere) {
      required.push("shipGivenName", "shipFamilyName", "shipStreetAddress", "shipPostalCode", "shipCity");
      if (needsRegion) required.push("shipRegion");
    }
    return Object.fromEntries(required.filter((name) => !values[name].trim()).map((name) => [name, "Fill this in."]));
  }

  async function handleAuthorization(result: KlarnaAuthorizeResult, attempt: number): Promise<void> {
    if (result.approved && result.authorization_token) {
      setPhase({ kind: "working", message: "Placing your order…" });
      let placed;
      try {
        placed = await placeOrderWithRetry(() => (props.actions?.place ?? placeOrderAction)(props.sessionId, result.authorization_token!, addresses()));
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
        window.location.assign(placed.location);
        return;
      }
      if (placed.status === "cart_changed" && attempt < 2) {
        router.refresh();
        setNotice("Your cart changed while you were paying. Please approve the new total with Klarna.");
        const payments = klarnaPayments();
        payments?.reauthorize({ payment_method_category: category }, addresses(), (next) => {
          void handleAuthorization(next, attempt + 1);
        });
        return;
      }
      const message =
        placed.status === "cart_changed"
          ? "Your cart keeps changing. Review it and try again."
          : placed.status === "in_progress"
            ? "Your order is being placed. Reload this page in a moment to see your receipt."
            : placed.message;
      setPhase({ kind: "error", message });
      return;
    }
    if (!result.show_form) {
      setPhase({ kind: "declined" });
      return;
    }
    const invalid = result.error?.invalid_fields ?? [];
    if (invalid.length > 0) {
      const marked: Errors = {};
      for (const path of invalid) {
        const field = KLARNA_FIELDS[path];
        if (field) marked[field] = field === "email" ? "Klarna could not use this email address. Check it and try again." : "Klarna could not use this. Check it and try again.";
      }
      setErrors(marked);
      setPhase({ kind: "ready" });
      setNotice("Klarna needs you to correct the marked fields.");
      const first = Object.keys(marked)[0];
      if (first) document.getElementById(first)?.focus();
      return;
    }
    setPhase({ kind: "ready" });
    setNotice("You closed Klarna before finishing. Nothing was charged; press Pay with Klarna to try again.");
  }

  async function pay(event: React.FormEvent) {
    event.preventDefault();
    setNotice(null);
    const missing = missingFields();
    setErrors(missing);
    if (Object.keys(missing).length > 0) {
      setNotice("Fill in the marked fields to continue.");
      document.getElementById(Object.keys(missing)[0]!)?.focus();
      return;
    }
    const payments = klarnaPayments();
    if (!payments) return;
    setPhase({ kind: "working", message: "Checking your cart…" });
    const prepared = await (props.actions?.prepare ?? prepareAuthorization)(props.sessionId);
    if (prepared.status === "blocked") {
      setPhase({ kind: "error", message: prepared.message });
      return;
    }
    if (prepared.changed) {
      router.refresh();
      setNotice(`Your cart changed in another window. The total is now ${prepared.total}.`);
    }
    setPhase({ kind: "working", message: "Waiting for Klarna…" });
    payments.authorize({ payment_method_category: category }, addresses(), (result) => {
      void handleAuthorization(result, 0);
    });
  }

  function fillTestShopper() {
    const shopper = props.testShopper;
    if (!shopper) return;
    setValues((current) => ({ ...current, ...shopper }));
    setErrors({});
  }

  const field = (name: FieldName, label: string, options: { type?: string; autoComplete?: string; wide?: boolean } = {}) => (
    <div className={options.wide ? "field field--wide" : "field"}>
      <label htmlFor={name} className="field__label">
        {label}
      </label>
      <input
        id={name}
        name={name}
        type={options.type ?? "text"}
        autoComplete={options.autoComplete}
        value={values[name]}
        onChange={set(name)}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${name}-error` : undefined}
        className="field__input"
      />
      {errors[name] && (
        <span id={`${name}-error`} className="field__error">
          {errors[name]}
        </span>
      )}
    </div>
  );

  const busy = phase.kind === "working" || phase.kind === "loading";
  const payable = phase.kind === "ready" || phase.kind === "error";

  return (
    <form className="checkout-form" onSubmit={pay} noValidate aria-label="Checkout">
      <Script src={props.sdkUrl} strategy="afterInteractive" onReady={() => loadWidget(category)} onError={() => setPhase({ kind: "unavailable", message: "Klarna could not be loaded. Check your connection and reload the page." })} />

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
          {field("email", "Email", { type: "email", autoComplete: "email" })}
          {field("phone", "Phone", { type: "tel", autoComplete: "tel" })}
        </div>
      </section>

      <section className="checkout-step" aria-labelledby="billing-heading">
        <h2 id="billing-heading">
          <span className="step-number" aria-hidden="true">2</span> {props.requiresShipping ? "Billing and delivery address" : "Billing address"}
        </h2>
        <div className="field-grid">
          {field("givenName", "First name", { autoComplete: "given-name" })}
          {field("familyName", "Last name", { autoComplete: "family-name" })}
          {field("streetAddress", "Street address", { autoComplete: "address-line1", wide: true })}
          {field("postalCode", "Postcode", { autoComplete: "postal-code" })}
          {field("city", "City", { autoComplete: "address-level2" })}
          {needsRegion && field("region", "State", { autoComplete: "address-level1" })}
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
            {field("shipGivenName", "Delivery first name", { autoComplete: "shipping given-name" })}
            {field("shipFamilyName", "Delivery last name", { autoComplete: "shipping family-name" })}
            {field("shipStreetAddress", "Delivery street address", { autoComplete: "shipping address-line1", wide: true })}
            {field("shipPostalCode", "Delivery postcode", { autoComplete: "shipping postal-code" })}
            {field("shipCity", "Delivery city", { autoComplete: "shipping address-level2" })}
            {needsRegion && field("shipRegion", "Delivery state", { autoComplete: "shipping address-level1" })}
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
                      loadWidget(option.identifier);
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
