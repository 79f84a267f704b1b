import { randomUUID } from "node:crypto";
import { PUSH_SCHEDULE_MS, sendPush } from "../klarna-payments/callbacks";
import { DAY, MINUTE, iso, type Core } from "../core";
import { KlarnaError, badValue, parseBody } from "../klarna-error";
import type { CategoryInfo } from "../markets";
import type { Persona } from "../personas";
import type { CaptureRecord, OrderRecord, RefundRecord } from "../records";
import type { ShippingInfo } from "../schemas";
import {
  captureRequestSchema,
  customerDetailsSchema,
  extendDueDateSchema,
  merchantReferencesSchema,
  refundRequestSchema,
  shippingInfoUpdateSchema,
  updateAuthorizationSchema,
} from "../schemas";

/** An order can be captured for 28 days; extending adds 28 days from today, never beyond 180 days from the order. */
export const AUTHORIZATION_PERIOD_MS = 28 * DAY;
const MAX_AUTHORIZATION_MS = 180 * DAY;
const DUE_DATE_EXTENSIONS = [7, 14, 30];

export type OrderStatus = "AUTHORIZED" | "PART_CAPTURED" | "CAPTURED" | "CANCELLED" | "EXPIRED" | "CLOSED";

/** The order's derived state at a virtual time: status and amounts follow from captures, refunds and flags. */
function orderState(order: OrderRecord, now: number) {
  let captured = 0;
  for (const capture of order.captures) captured += capture.captured_amount;
  let refunded = 0;
  for (const refund of order.refunds) refunded += refund.refunded_amount;
  const expired = !order.cancelled && now >= order.expires_at;
  const remaining = order.cancelled || order.released || expired ? 0 : Math.max(0, order.order_amount - captured);
  let status: OrderStatus;
  if (order.cancelled) status = "CANCELLED";
  else if (captured === 0) status = expired ? "EXPIRED" : "AUTHORIZED";
  // An expired or released partial capture has nothing left to capture, so it counts as fully captured.
  else if (captured >= order.order_amount || order.released || expired) status = "CAPTURED";
  else status = "PART_CAPTURED";
  return { status, captured, refunded, remaining, expired };
}

/** The order as Order Management returns it (Order in the spec). */
export function orderView(order: OrderRecord, now: number) {
  const state = orderState(order, now);
  return {
    order_id: order.order_id,
    status: state.status,
    fraud_status: order.fraud_status,
    order_amount: order.order_amount,
    original_order_amount: order.original_order_amount,
    captured_amount: state.captured,
    refunded_amount: state.refunded,
    remaining_authorized_amount: state.remaining,
    purchase_currency: order.purchase_currency,
    locale: order.locale,
    order_lines: order.order_lines,
    merchant_reference1: order.merchant_reference1,
    merchant_reference2: order.merchant_reference2,
    klarna_reference: order.klarna_reference,
    customer: customerView(order),
    billing_address: order.billing_address,
    shipping_address: order.shipping_address,
    created_at: iso(order.created_at),
    purchase_country: order.purchase_country,
    expires_at: iso(order.expires_at),
    captures: captureViews(order),
    refunds: order.refunds.map(refundView),
    merchant_data: order.merchant_data,
    initial_payment_method: order.initial_payment_method,
    shipping_info: order.shipping_info,
  };
}

// Order Management's customer only has a date of birth (format: date) and a national id.
function customerView(order: OrderRecord) {
  const dateOfBirth = order.customer?.date_of_birth;
  return dateOfBirth && /^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth) ? { date_of_birth: dateOfBirth } : undefined;
}

// Refunds are order-level; each capture shows the part of them it covers, oldest capture first.
function captureViews(order: OrderRecord) {
  let unallocated = order.refunds.reduce((sum, refund) => sum + refund.refunded_amount, 0);
  return order.captures.map((capture) => {
    const refunded = Math.min(unallocated, capture.captured_amount);
    unallocated -= refunded;
    return {
      capture_id: capture.capture_id,
      klarna_reference: capture.klarna_reference,
      captured_amount: capture.captured_amount,
      captured_at: iso(capture.captured_at),
      reference: capture.reference,
      description: capture.description,
      order_lines: capture.order_lines,
      refunded_amount: refunded,
      billing_address: capture.billing_address,
      shipping_address: capture.shipping_address,
      shipping_info: capture.shipping_info,
    };
  });
}

function refundView(refund: RefundRecord) {
  return {
    refund_id: refund.refund_id,
    refunded_amount: refund.refunded_amount,
    refunded_at: iso(refund.refunded_at),
    reference: refund.reference,
    description: refund.description,
    order_lines: refund.order_lines,
    credit_invoice: false,
  };
}

/** Klarna answers an over-long shipping company with 422 (error codes and messages for Order Management). */
const MAX_SHIPPING_COMPANY = 100;

function checkShippingInfo(shippingInfo: readonly ShippingInfo[] | undefined): void {
  if (shippingInfo?.some((info) => (info.shipping_company ?? "").length > MAX_SHIPPING_COMPANY)) {
    throw new KlarnaError(422, "UNPROCESSABLE_ENTITY", [
      `The size of the shipping_info/shipping_company value must be between 0 and ${MAX_SHIPPING_COMPANY}`,
    ]);
  }
}

/** Klarna's short reference for an order or capture, as shown to the shopper. */
/**
 * What every new order starts with, whichever API placed it: the fraud decision of the persona, the payment method
 * of the category (ordermanagement-v1 InitialPaymentMethodDto has a description, "Slice it (Fixed Payments)" in its
 * example: the simulator uses the name it offered the method under, markets.ts), nothing captured or refunded.
 */
export function freshOrderState(persona: Persona, category: CategoryInfo | undefined) {
  return {
    fraud_status: persona.kind === "pending" ? ("PENDING" as const) : ("ACCEPTED" as const),
    authorized_payment_method: category?.authorizedPaymentMethod ?? { type: "invoice" },
    initial_payment_method: {
      type: category?.omType ?? "INVOICE",
      description: category?.name,
      number_of_installments: category?.installments,
    },
    cancelled: false,
    released: false,
    acknowledged_at: null,
    captures: [],
    refunds: [],
    shipping_info: [],
  } satisfies Partial<OrderRecord>;
}

export function klarnaReference(): string {
  return randomUUID().replaceAll("-", "").slice(0, 8).toUpperCase();
}

export function findOrder(core: Core, orderId: string): OrderRecord {
  const order = core.klarna.getOrder(orderId);
  if (!order) throw noSuchOrder(orderId);
  return order;
}

export const noSuchOrder = (orderId: string) => new KlarnaError(404, "NO_SUCH_ORDER", [`Order ${orderId} cannot be found`]);

/** Schedules the 17 pushes and, for a pending persona, the fraud decision notification. */
export function scheduleOrderCallbacks(core: Core, order: OrderRecord, persona: Persona): void {
  const refs = { orderId: order.order_id, sessionId: order.session_id };
  if (order.merchant_urls.push) {
    PUSH_SCHEDULE_MS.forEach((offset, index) => {
      core.scheduler.schedule(order.created_at + offset, { kind: "push" }, { ...refs, attempt: index + 1 });
    });
  }
  if (persona.kind === "pending") {
    core.scheduler.schedule(
      order.created_at + persona.delayMinutes * MINUTE,
      { kind: "notification", event_type: persona.decision === "reject" ? "FRAUD_RISK_REJECTED" : "FRAUD_RISK_ACCEPTED" },
      refs,
    );
    if (persona.delayMinutes === 0) core.scheduler.kick();
  }
}

/** The `reorder` push fault: a push (attempt 0) reaches the merchant before the create-order response does. */
export async function sendFirstPushNow(core: Core, order: OrderRecord): Promise<void> {
  if (!order.merchant_urls.push) return;
  if (core.faults.takeKind("push", ["reorder"]).length === 0) return;
  await sendPush(core, order, 0);
}

export function acknowledgeOrder(core: Core, orderId: string): void {
  const order = findOrder(core, orderId);
  if (order.acknowledged_at !== null) return;
  core.repo.db.transaction(() => {
    core.klarna.saveOrder({ ...order, acknowledged_at: core.clock.now() });
    // Klarna stops the push once the order is acknowledged.
    core.repo.cancelOrderJobs(orderId, "push");
  })();
}

export function captureOrder(core: Core, orderId: string, body: unknown): CaptureRecord {
  const request = parseBody(captureRequestSchema, body);
  checkShippingInfo(request.shipping_info);
  const order = findOrder(core, orderId);
  if (request.captured_amount <= 0) throw badValue(["Bad value: captured_amount (must be greater than 0)"]);
  const state = orderState(order, core.clock.now());
  if (order.fraud_status !== "ACCEPTED" || request.captured_amount > state.remaining) {
    throw new KlarnaError(403, "CAPTURE_NOT_ALLOWED", ["Capture not allowed"]);
  }
  const capture: CaptureRecord = {
    capture_id: randomUUID(),
    klarna_reference: klarnaReference(),
    captured_amount: request.captured_amount,
    captured_at: core.clock.now(),
    reference: request.reference,
    description: request.description,
    order_lines: request.order_lines ?? [],
    shipping_info: request.shipping_info ?? [],
    billing_address: order.billing_address,
    shipping_address: order.shipping_address,
  };
  core.klarna.saveOrder({ ...order, captures: [...order.captures, capture] });
  return capture;
}

/** `auto_capture: true` on the create-order call captures the whole order at once. */
export function captureFullAmount(core: Core, orderId: string): void {
  const order = findOrder(core, orderId);
  captureOrder(core, orderId, { captured_amount: order.order_amount, order_lines: order.order_lines });
}

export function listCaptures(core: Core, orderId: string) {
  return captureViews(findOrder(core, orderId));
}

export function getCapture(core: Core, orderId: string, captureId: string) {
  const capture = captureViews(findOrder(core, orderId)).find((candidate) => candidate.capture_id === captureId);
  if (!capture) throw noSuchCapture(captureId);
  return capture;
}

export function appendCaptureShippingInfo(core: Core, orderId: string, captureId: string, body: unknown): void {
  const { shipping_info } = parseBody(shippingInfoUpdateSchema, body);
  checkShippingInfo(shipping_info);
  const order = findOrder(core, orderId);
  const capture = order.captures.find((candidate) => candidate.capture_id === captureId);
  if (!capture) throw noSuchCapture(captureId);
  capture.shipping_info = [...capture.shipping_info, ...shipping_info];
  core.klarna.saveOrder(order);
}

/** Klarna would e-mail the customer again; here there is nobody to write to, so only the capture is checked. */
export function triggerSendOut(core: Core, orderId: string, captureId: string): void {
  if (!findOrder(core, orderId).captures.some((capture) => capture.capture_id === captureId)) {
    throw noSuchCapture(captureId);
  }
}

/**
 * Only a pay-later invoice has a due date to move ("Extending customer due dates", linked from extendDueDate in
 * reference/klarna/ordermanagement-v1.openapi.json). getOptionsForExtendDueDate documents only 200 and 404, so any
 * other capture answers 200 with no options; extendDueDate refuses it with its documented 403.
 */
function hasDueDate(order: OrderRecord): boolean {
  return ["INVOICE", "PAY_LATER_BY_CARD"].includes(order.initial_payment_method?.type ?? "INVOICE");
}

export function extendDueDateOptions(core: Core, orderId: string, captureId: string) {
  const order = findOrder(core, orderId);
  if (!order.captures.some((capture) => capture.capture_id === captureId)) throw noSuchCapture(captureId);
  // ExtendDueDateOptions: currency and options (OptionDto: number_of_days, amount, the merchant's fee in minor units).
  return {
    currency: order.purchase_currency,
    options: hasDueDate(order) ? DUE_DATE_EXTENSIONS.map((days) => ({ number_of_days: days, amount: 0 })) : [],
  };
}

export function extendDueDate(core: Core, orderId: string, captureId: string, body: unknown): void {
  const { number_of_days } = parseBody(extendDueDateSchema, body);
  const order = findOrder(core, orderId);
  const capture = order.captures.find((candidate) => candidate.capture_id === captureId);
  if (!capture) throw noSuchCapture(captureId);
  if (!hasDueDate(order) || !DUE_DATE_EXTENSIONS.includes(number_of_days)) {
    throw new KlarnaError(403, "NOT_ALLOWED", [`Due date cannot be extended by ${number_of_days} days`]);
  }
  capture.due_date_extended_days = number_of_days;
  core.klarna.saveOrder(order);
}

export function refundOrder(core: Core, orderId: string, body: unknown): RefundRecord {
  const request = parseBody(refundRequestSchema, body);
  const order = core.klarna.getOrder(orderId);
  // A refund of an unknown order is 404 NOT_FOUND, not NO_SUCH_ORDER: the refunds operation's 404 is
  // Not_found_error_message (reference/klarna/ordermanagement-v1.openapi.json; reference/examples/order-management/
  // spec-post-orders-order-id-refunds-404.json).
  if (!order) throw new KlarnaError(404, "NOT_FOUND", [`Order ${orderId} cannot be found`]);
  if (request.refunded_amount <= 0) throw badValue(["Bad value: refunded_amount (must be greater than 0)"]);
  const state = orderState(order, core.clock.now());
  if (state.captured === 0) {
    throw new KlarnaError(403, "REFUND_NOT_ALLOWED", ["Order has no captures. Refund not possible"]);
  }
  if (request.refunded_amount > state.captured - state.refunded) {
    throw new KlarnaError(403, "REFUND_NOT_ALLOWED", ["Refund amount exceeds the captured amount that is not yet refunded"]);
  }
  const refund: RefundRecord = {
    refund_id: randomUUID(),
    refunded_amount: request.refunded_amount,
    refunded_at: core.clock.now(),
    reference: request.reference,
    description: request.description,
    order_lines: request.order_lines ?? [],
  };
  core.klarna.saveOrder({ ...order, refunds: [...order.refunds, refund] });
  return refund;
}

export function getRefund(core: Core, orderId: string, refundId: string) {
  const refund = findOrder(core, orderId).refunds.find((candidate) => candidate.refund_id === refundId);
  if (!refund) throw new KlarnaError(404, "NOT_FOUND", [`Refund ${refundId} cannot be found for order ${orderId}`]);
  return refundView(refund);
}

export function cancelOrder(core: Core, orderId: string): void {
  const order = findOrder(core, orderId);
  if (order.cancelled) return;
  if (order.captures.length > 0) {
    throw new KlarnaError(403, "CANCEL_NOT_ALLOWED", ["Order has previous captures. Cancel not possible"]);
  }
  core.repo.db.transaction(() => {
    core.klarna.saveOrder({ ...order, cancelled: true });
    core.repo.cancelOrderJobs(orderId, "push");
  })();
}

export function releaseRemainingAuthorization(core: Core, orderId: string): void {
  const order = findOrder(core, orderId);
  const state = orderState(order, core.clock.now());
  if (order.cancelled || state.expired) {
    throw new KlarnaError(403, "NOT_ALLOWED", ["Order is cancelled or expired. Remaining authorization cannot be released"]);
  }
  if (state.captured === 0) {
    throw new KlarnaError(403, "NOT_ALLOWED", ["Order has no captures. Cancel the order instead"]);
  }
  core.klarna.saveOrder({ ...order, released: true });
}

export function extendAuthorizationTime(core: Core, orderId: string): void {
  const order = findOrder(core, orderId);
  const now = core.clock.now();
  const state = orderState(order, now);
  if (order.cancelled) throw new KlarnaError(403, "NOT_ALLOWED", ["Order is cancelled. Authorization time cannot be extended."]);
  if (state.expired) throw new KlarnaError(403, "NOT_ALLOWED", ["Order is expired. Authorization time cannot be extended."]);
  if (now - order.created_at >= MAX_AUTHORIZATION_MS) {
    throw new KlarnaError(403, "NOT_ALLOWED", ["Orders can only be extended within 180 days of their creation."]);
  }
  const expiresAt = Math.min(now + AUTHORIZATION_PERIOD_MS, order.created_at + MAX_AUTHORIZATION_MS);
  core.klarna.saveOrder({ ...order, expires_at: Math.max(order.expires_at, expiresAt) });
}

export function updateMerchantReferences(core: Core, orderId: string, body: unknown): void {
  const references = parseBody(merchantReferencesSchema, body);
  const order = findOrder(core, orderId);
  // updateMerchantReferences' 403: "Can not update a cancelled order." (ordermanagement-v1.openapi.json)
  if (order.cancelled) throw new KlarnaError(403, "NOT_ALLOWED", ["Can not update a cancelled order"]);
  core.klarna.saveOrder({ ...order, ...references });
}

export function updateCustomerDetails(core: Core, orderId: string, body: unknown): void {
  const details = parseBody(customerDetailsSchema, body);
  const order = findOrder(core, orderId);
  if (order.cancelled) throw new KlarnaError(403, "NOT_ALLOWED", ["Order is cancelled. Customer details cannot be updated"]);
  core.klarna.saveOrder({
    ...order,
    billing_address: details.billing_address ?? order.billing_address,
    shipping_address: details.shipping_address ?? order.shipping_address,
  });
}

/** PATCH .../authorization: a new order amount (and lines); never below what is already captured. */
export function updateAuthorization(core: Core, orderId: string, body: unknown): void {
  const request = parseBody(updateAuthorizationSchema, body);
  const order = findOrder(core, orderId);
  const state = orderState(order, core.clock.now());
  if (order.cancelled || state.expired || order.released) {
    throw new KlarnaError(403, "NOT_ALLOWED", ["Order authorization cannot be updated"]);
  }
  if (request.order_amount > order.order_amount && request.order_amount > order.original_order_amount && refusesIncrease(order)) {
    // A larger amount is a new risk assessment, and Klarna may decline it: 403 "Update authorization not allowed.
    // Decision is based on order state and outcome of risk assessment." with Not_allowed_error_message
    // (reference/klarna/ordermanagement-v1.openapi.json, updateAuthorization; reference/examples/order-management/
    // spec-patch-orders-order-id-authorization-403.json). The order keeps its amount and lines.
    throw new KlarnaError(403, "NOT_ALLOWED", [
      `Order amount cannot be increased from ${order.order_amount} to ${request.order_amount}: the increase was not approved`,
    ]);
  }
  if (request.order_amount < state.captured) {
    throw new KlarnaError(403, "NOT_ALLOWED", [
      `Resulting authorization amount ${request.order_amount} cannot be less than the captured amount ${state.captured} for order. Order authorization cannot be updated`,
    ]);
  }
  core.klarna.saveOrder({
    ...order,
    order_amount: request.order_amount,
    order_lines: request.order_lines ?? order.order_lines,
  });
}

export function appendOrderShippingInfo(core: Core, orderId: string, body: unknown): void {
  const { shipping_info } = parseBody(shippingInfoUpdateSchema, body);
  checkShippingInfo(shipping_info);
  const order = findOrder(core, orderId);
  core.klarna.saveOrder({ ...order, shipping_info: [...order.shipping_info, ...shipping_info] });
}

/**
 * The simulator's persona for a declined increase: a shopper whose e-mail's local part holds `+no-increase`
 * (`customer+no-increase@email.se`) is approved at checkout for the amount of the purchase, but Klarna's new risk
 * assessment declines raising the order above that original amount. Decreases, and increases back up to what was
 * approved, are accepted (updateAuthorization refuses only by order state and risk assessment,
 * reference/klarna/ordermanagement-v1.openapi.json).
 */
export function refusesIncrease(order: OrderRecord): boolean {
  const local = (order.billing_address?.email ?? "").split("@")[0]?.toLowerCase() ?? "";
  return /\+no-increase(\+|$)/.test(local);
}

function noSuchCapture(captureId: string): KlarnaError {
  return new KlarnaError(404, "NO_SUCH_CAPTURE", [`Capture ${captureId} could not be found`]);
}
