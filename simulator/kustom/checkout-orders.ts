import { randomUUID } from "node:crypto";
import { z } from "zod";
import { HOUR, expandUrl, iso, type Core } from "../core";
import { KlarnaError, badValue, parseBody } from "../klarna-error";
import { categoriesFor, categoryFor } from "../markets";
import { send } from "../kernel/delivery";
import * as orders from "../order-management/order-management";
import { checkOrder } from "../order-checks";
import { isValidEmail, personaFor } from "../personas";
import type { CheckoutOrderRecord, OrderRecord } from "../records";
import { checkoutCreateSchema, checkoutUpdateSchema, type KustomCheckoutOrder, type ShopperDetails } from "./checkout-schemas";
import { htmlSnippet } from "./html-snippet";

/** Kustom Checkout v3 is served under this prefix of the simulator (KUSTOM_API_URL = <simulator>/kustom). */
export const KUSTOM_BASE_PATH = "/kustom";

/** An incomplete checkout lives 48 hours after the last merchant update or shopper interaction (notes.md §9). */
const CHECKOUT_TTL_MS = 48 * HOUR;

export type CheckoutStatus = "checkout_incomplete" | "checkout_complete";

const readOnly = () => new KlarnaError(403, "READ_ONLY_ORDER", ["Resource is read-only"]);
const noSuchCheckout = () => new KlarnaError(404, "NOT_FOUND", ["Order not found"]);

/** POST /checkout/v3/orders */
export function createCheckout(core: Core, body: unknown): CheckoutOrderRecord {
  const data = checked(normalise(parseBody(checkoutCreateSchema, body)));
  const now = core.clock.now();
  const record: CheckoutOrderRecord = {
    order_id: randomUUID(),
    created_at: now,
    last_modified_at: now,
    completed_at: null,
    aborted_at: null,
    data,
  };
  core.klarna.insertCheckoutOrder(record);
  return record;
}

/** A checkout order that exists and has not expired (a completed one never expires here). */
export function findCheckout(core: Core, orderId: string): CheckoutOrderRecord {
  const record = core.klarna.getCheckoutOrder(orderId);
  if (!record || checkoutExpired(core, record)) throw noSuchCheckout();
  return record;
}

/** POST /checkout/v3/orders/{id}: only while checkout_incomplete; a completed or aborted order is read-only. */
export function updateCheckout(core: Core, orderId: string, body: unknown): CheckoutOrderRecord {
  const record = findCheckout(core, orderId);
  if (record.completed_at !== null || record.aborted_at !== null) throw readOnly();
  const update = parseBody(checkoutUpdateSchema, body);
  const data = checked(normalise({ ...record.data, ...update }));
  const updated = { ...record, data, last_modified_at: core.clock.now() };
  core.klarna.saveCheckoutOrder(updated);
  return updated;
}

/** POST /checkout/v3/orders/{id}/abort: the shopper can no longer buy; a completed order cannot be aborted. */
export function abortCheckout(core: Core, orderId: string): CheckoutOrderRecord {
  const record = findCheckout(core, orderId);
  if (record.completed_at !== null) throw readOnly();
  if (record.aborted_at !== null) return record;
  const aborted = { ...record, aborted_at: core.clock.now(), last_modified_at: core.clock.now() };
  core.klarna.saveCheckoutOrder(aborted);
  return aborted;
}

export function checkoutStatus(record: CheckoutOrderRecord): CheckoutStatus {
  return record.completed_at === null ? "checkout_incomplete" : "checkout_complete";
}

/** The checkout order as the API returns it (components.schemas.order); html_snippet only where Kustom sends it. */
export function checkoutView(core: Core, record: CheckoutOrderRecord, options: { snippet: boolean } = { snippet: true }) {
  const { data } = record;
  const purchase = record.completed_at === null ? undefined : core.klarna.getOrder(record.order_id);
  return {
    order_id: record.order_id,
    name: core.config.merchantName,
    purchase_country: data.purchase_country,
    purchase_currency: data.purchase_currency,
    locale: data.locale,
    status: checkoutStatus(record),
    billing_address: purchase?.billing_address ?? data.billing_address,
    shipping_address: purchase?.shipping_address ?? data.shipping_address,
    order_amount: data.order_amount,
    order_tax_amount: data.order_tax_amount,
    order_lines: data.order_lines,
    customer: data.customer,
    merchant_urls: data.merchant_urls,
    html_snippet: options.snippet ? htmlSnippet(core, record.order_id) : undefined,
    merchant_reference1: data.merchant_reference1,
    merchant_reference2: data.merchant_reference2,
    started_at: iso(record.created_at),
    completed_at: record.completed_at === null ? undefined : iso(record.completed_at),
    last_modified_at: iso(record.last_modified_at),
    options: data.options,
    shipping_countries: data.shipping_countries,
    billing_countries: data.billing_countries,
    merchant_data: data.merchant_data,
    tags: data.tags,
  };
}

export type PurchaseOutcome =
  | { result: "complete"; order_id: string; confirmation_url: string }
  | { result: "invalid"; invalid_fields: string[] }
  | { result: "denied" }
  | { result: "validation_redirect"; location: string }
  | { result: "validation_error"; error_type: string; error_text: string }
  | { result: "validation_failed" }
  | { result: "unavailable" };

/**
 * The shopper pressed Buy in the hosted checkout (or a test asked through /_sim): check the details, decide like the
 * risk engine would for the persona, ask the merchant's validation URL (Kustom's rules, notes.md §6), then complete:
 * the order enters Kustom's Order Management (AUTHORIZED, not acknowledged) and the push schedule starts.
 */
export async function purchase(core: Core, orderId: string, shopper: ShopperDetails): Promise<PurchaseOutcome> {
  const record = core.klarna.getCheckoutOrder(orderId);
  if (!record || checkoutExpired(core, record) || record.aborted_at !== null) return { result: "unavailable" };
  if (record.completed_at !== null) return completed(core, record);
  if (!isValidEmail(shopper.email)) return { result: "invalid", invalid_fields: ["email"] };
  const { data } = record;
  const category = categoryFor(data.purchase_country, shopper.payment_method_category ?? "pay_later") ??
    categoriesFor(data.purchase_country)[0];
  const persona = personaFor(shopper.email, data.purchase_country);
  const touched = { ...record, last_modified_at: core.clock.now() };
  core.klarna.saveCheckoutOrder(touched);
  if (persona.kind === "denied") return { result: "denied" };

  const address = {
    ...data.billing_address,
    email: shopper.email,
    given_name: shopper.given_name ?? data.billing_address?.given_name,
    family_name: shopper.family_name ?? data.billing_address?.family_name,
    street_address: shopper.street_address ?? data.billing_address?.street_address,
    postal_code: shopper.postal_code ?? data.billing_address?.postal_code,
    city: shopper.city ?? data.billing_address?.city,
    phone: shopper.phone ?? data.billing_address?.phone,
    country: data.purchase_country,
  };
  const verdict = await validateWithMerchant(core, touched, address);
  if (verdict !== "approved") return verdict;

  const now = core.clock.now();
  const urls = data.merchant_urls;
  const order: OrderRecord = {
    order_id: record.order_id,
    api: "kustom",
    // One checkout order makes one order: the orders table's unique session_id holds it.
    session_id: record.order_id,
    // Kustom Checkout has no authorization token: the order exists as soon as the shopper buys.
    authorization_token: "",
    klarna_reference: orders.klarnaReference(),
    created_at: now,
    expires_at: now + orders.AUTHORIZATION_PERIOD_MS,
    purchase_country: data.purchase_country,
    purchase_currency: data.purchase_currency,
    locale: data.locale,
    order_amount: data.order_amount,
    original_order_amount: data.order_amount,
    order_tax_amount: data.order_tax_amount,
    order_lines: data.order_lines,
    billing_address: address,
    shipping_address: { ...address, ...data.shipping_address, country: data.purchase_country },
    customer: data.customer,
    merchant_reference1: data.merchant_reference1,
    merchant_reference2: data.merchant_reference2,
    merchant_data: data.merchant_data,
    merchant_urls: { confirmation: urls.confirmation, push: urls.push, notification: urls.notification },
    ...orders.freshOrderState(persona, category),
  };
  const inserted = core.repo.db.transaction(() => {
    // Two Buy presses at once: the first completes, the second finds the order and reports the same completion.
    const current = core.klarna.getCheckoutOrder(orderId);
    if (!current || current.completed_at !== null || current.aborted_at !== null) return false;
    if (!core.klarna.insertOrder(order)) return false;
    core.klarna.saveCheckoutOrder({ ...current, completed_at: now, last_modified_at: now });
    orders.scheduleOrderCallbacks(core, order, persona);
    return true;
  })();
  const latest = core.klarna.getCheckoutOrder(orderId);
  if (!inserted) return latest?.completed_at != null ? completed(core, latest) : { result: "unavailable" };
  if (data.options?.auto_capture && order.fraud_status === "ACCEPTED") orders.captureFullAmount(core, order.order_id);
  await orders.sendFirstPushNow(core, order);
  return completed(core, latest ?? record);
}

function completed(core: Core, record: CheckoutOrderRecord): PurchaseOutcome {
  return {
    result: "complete",
    order_id: record.order_id,
    confirmation_url: expandUrl(record.data.merchant_urls.confirmation, { orderId: record.order_id }),
  };
}

const validationErrorSchema = z.object({
  error_type: z.enum(["address_error", "unsupported_shipping_address", "approval_failed"]),
  error_text: z.string().max(1000).optional(),
});

const DEFAULT_ERROR_TEXT: Record<z.infer<typeof validationErrorSchema>["error_type"], string> = {
  address_error: "Check your address and try again.",
  unsupported_shipping_address: "The store does not deliver to this address.",
  approval_failed: "The store could not accept this order.",
};

/** Redirect statuses Kustom follows as a denial (checkout-v3-callbacks: merchant_urls.validation responses). */
const DENIAL_REDIRECTS = new Set([301, 302, 303, 307]);

/**
 * The validation callback: POST the whole order. 200 approves; 301/302/303/307 with a Location denies and sends the
 * shopper there; 400 `{ error_type, error_text }` keeps the shopper in the checkout with the text; no answer within
 * 3 s approves, unless options.require_validate_callback_success, which waits 10 s and fails the purchase
 * (notes.md §6). Any other answer counts as no answer.
 */
async function validateWithMerchant(
  core: Core,
  record: CheckoutOrderRecord,
  address: NonNullable<OrderRecord["billing_address"]>,
): Promise<"approved" | Exclude<PurchaseOutcome, { result: "complete" | "invalid" | "denied" | "unavailable" }>> {
  const url = record.data.merchant_urls.validation;
  if (!url) return "approved";
  const strict = record.data.options?.require_validate_callback_success === true;
  // "The structure of the order information is identical to the result of fetching the order"
  // (reference/seeds/001_d410d88aa6cf8734.txt), html_snippet included (checkout-v3-callbacks.openapi.yaml, order).
  const order = { ...checkoutView(core, record), billing_address: address, shipping_address: address };
  // One attempt, while the shopper waits: the kernel's send, with Kustom's timeout and no retry.
  const outcome = await send(
    core,
    { kind: "validation", url: expandUrl(url, { orderId: record.order_id }), orderId: record.order_id, sessionId: record.order_id, attempt: 1, body: order },
    strict ? core.config.timeouts.strictValidationMs : core.config.timeouts.validationMs,
  );
  if (outcome === "dropped") return strict ? { result: "validation_failed" } : "approved";
  const status = outcome.status;
  if (status !== null && status >= 200 && status < 300) return "approved";
  if (status !== null && DENIAL_REDIRECTS.has(status) && outcome.location) {
    return { result: "validation_redirect", location: new URL(outcome.location, outcome.url).href };
  }
  if (status === 400) {
    const answer = validationErrorSchema.safeParse(parseJson(outcome.body));
    const errorType = answer.success ? answer.data.error_type : "approval_failed";
    const text = answer.success ? answer.data.error_text : undefined;
    return { result: "validation_error", error_type: errorType, error_text: text ?? DEFAULT_ERROR_TEXT[errorType] };
  }
  return strict ? { result: "validation_failed" } : "approved";
}

function parseJson(text: string | undefined): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

export function checkoutExpired(core: Core, record: CheckoutOrderRecord): boolean {
  return record.completed_at === null && core.clock.now() >= record.last_modified_at + CHECKOUT_TTL_MS;
}

function normalise(data: KustomCheckoutOrder): KustomCheckoutOrder {
  return { ...data, purchase_country: data.purchase_country.toUpperCase(), purchase_currency: data.purchase_currency.toUpperCase() };
}

/** Kustom's checks: the amounts add up (as Klarna's), and the push URL differs from checkout and confirmation. */
function checked(data: KustomCheckoutOrder): KustomCheckoutOrder {
  const problems = checkOrder(data);
  const urls = data.merchant_urls;
  if (urls.push === urls.checkout || urls.push === urls.confirmation) {
    problems.push("Bad value: merchant_urls.push (must differ from merchant_urls.checkout and merchant_urls.confirmation)");
  }
  if (problems.length > 0) throw badValue(problems);
  return data;
}
