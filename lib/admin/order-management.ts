import { and, desc, eq, like } from "drizzle-orm";
import { db } from "@/db";
import { orderEvents } from "@/db/schema";
import {
  captureRequestSchema,
  describeKlarnaError,
  isKlarnaNotFound,
  KlarnaApiError,
  refundRequestSchema,
  shippingInfoSchema,
  type ManagedOrder,
  type ShippingInfo,
} from "@/lib/klarna";
import { appendOrderEvent, findOrderByKlarnaId, type StoreOrder } from "@/lib/orders/order-store";
import type { OrderManagementClient } from "@/lib/payments/order-management/client";
import { PROVIDER_LABELS, supports, type BackOfficeOperation, type ProviderId } from "@/lib/payments/provider";
import { paymentProvider } from "@/lib/payments/registry";
import { keyTag, withoutKeyTag } from "./event-detail";
import { formatDateTime, moneyFormatter } from "./format";
import { rememberKlarnaState } from "./klarna-cache";
import type { Merchant } from "./merchants";
import {
  cancelRefusal,
  extendRefusal,
  planCapture,
  planRefund,
  releaseRefusal,
  type Formatter,
  type LineSelection,
} from "./order-rules";
import { hasShippingInfo } from "./shipping-info";

/** The back office's Order Management actions: the provider's `operations` say which it offers. */
export type AdminAction = BackOfficeOperation;

/** What an admin action answers; `status` is the HTTP status a route handler would give. */
export type ActionResult =
  | { ok: true; message: string }
  | { ok: false; status: 400 | 401 | 404 | 409 | 502; message: string };

export const NOT_SIGNED_IN: Extract<ActionResult, { ok: false }> = {
  ok: false,
  status: 401,
  message: "You are not signed in, or your session has ended. Sign in again; nothing was changed.",
};

type Decision<T> =
  | { ok: false; message: string }
  | {
      ok: true;
      send(idempotencyKey: string): Promise<T>;
      /** The merchant's sentence for what happened, from Klarna's answer and the order as it now is. */
      done(result: T, fresh: ManagedOrder | null): string;
      cancelReason?: string;
      /** What the shopper's email for this change needs (lib/email): tracking of a capture, a refund's amount. */
      mail?: { shippingInfo?: ShippingInfo | null; amount?: number };
    };

interface ActionInput {
  merchant: Merchant;
  klarnaOrderId: string;
  /** Generated when the form was rendered: a double submit or a retry carries the same key. */
  idempotencyKey: string;
  now?: Date;
}

/** The success this key already produced for this order and action, if any. */
async function earlierSuccess(klarnaOrderId: string, action: AdminAction, key: string) {
  const [row] = await db()
    .select()
    .from(orderEvents)
    .where(
      and(
        eq(orderEvents.providerReference, klarnaOrderId),
        eq(orderEvents.source, "admin"),
        eq(orderEvents.action, action),
        eq(orderEvents.outcome, "ok"),
        like(orderEvents.detail, `%${keyTag(key)}`),
      ),
    )
    .orderBy(desc(orderEvents.id))
    .limit(1);
  return row ?? null;
}

/**
 * The Order Management API that holds an order: Klarna's for Klarna Payments, Kustom's for Kustom Checkout (the same
 * API at Kustom's host). Other providers manage payments their own way (lib/payments/<provider>/).
 */
export async function orderManagementOf(provider: ProviderId): Promise<OrderManagementClient | null> {
  return (await paymentProvider(provider)).orderManagement?.() ?? null;
}

/** Order Management for this action on this provider's order, or why the back office refuses it (nothing is sent). */
async function managementFor(providerId: ProviderId, action: AdminAction): Promise<OrderManagementClient | string> {
  const provider = await paymentProvider(providerId);
  const om = provider.orderManagement?.() ?? null;
  if (!om) return `${provider.label} orders are managed on their own page section.`;
  if (!supports(provider, action)) return `${provider.label} does not offer this operation (${action.replace("_", " ")}).`;
  return om;
}

/** The vendor's live order, remembered on the store's row. */
export async function readLiveOrder(store: Pick<StoreOrder, "provider" | "providerReference">): Promise<ManagedOrder> {
  const om = await orderManagementOf(store.provider);
  if (!om) throw new TypeError(`${PROVIDER_LABELS[store.provider]} orders are not managed through Order Management`);
  const order = await om.orders.get(store.providerReference);
  await rememberKlarnaState(order, store.provider);
  return order;
}

/**
 * One change at Klarna: read the live order, decide from it (a refusal sends nothing), send with the form's
 * idempotency key, then log the outcome and remember Klarna's new state.
 */
async function perform<T>(
  action: AdminAction,
  input: ActionInput,
  decide: (order: ManagedOrder, store: StoreOrder, format: Formatter, now: Date, om: OrderManagementClient) => Decision<T>,
): Promise<ActionResult> {
  const { merchant, klarnaOrderId, idempotencyKey } = input;
  const store = await findOrderByKlarnaId(klarnaOrderId);
  if (!store) return { ok: false, status: 404, message: "The store has no order with this Klarna order id." };
  const om = await managementFor(store.provider, action);
  if (typeof om === "string") return { ok: false, status: 409, message: om };

  const earlier = await earlierSuccess(klarnaOrderId, action, idempotencyKey);
  if (earlier) {
    return { ok: true, message: `Already done, not repeated: ${withoutKeyTag(earlier.detail)}` };
  }

  let live: ManagedOrder;
  try {
    live = await readLiveOrder(store);
  } catch (error) {
    if (isKlarnaNotFound(error)) return { ok: false, status: 404, message: "Klarna has no order with this id." };
    return { ok: false, status: 502, message: describeKlarnaError(error) };
  }

  const format = moneyFormatter(store);
  const decision = decide(live, store, format, input.now ?? new Date(), om);
  if (!decision.ok) return { ok: false, status: 409, message: decision.message };

  const started = performance.now();
  let result: T;
  try {
    result = await decision.send(idempotencyKey);
  } catch (error) {
    const message = describeKlarnaError(error);
    await appendOrderEvent({
      providerReference: klarnaOrderId,
      source: "admin",
      action,
      outcome: error instanceof KlarnaApiError ? "refused" : "failed",
      detail: `${message} · by ${merchant.email} ${keyTag(idempotencyKey)}`,
      latencyMs: performance.now() - started,
    });
    return { ok: false, status: error instanceof KlarnaApiError ? 409 : 502, message };
  }
  const latencyMs = performance.now() - started;

  let fresh: ManagedOrder | null = null;
  try {
    fresh = await om.orders.get(klarnaOrderId);
    await rememberKlarnaState(fresh, store.provider, decision.cancelReason);
  } catch {
    // The change is made; the next read of the order refreshes the store's copy.
  }
  const message = decision.done(result, fresh);
  // Two submits that raced past the check above both reached Klarna, which answered the second with the first result.
  const repeated = (await earlierSuccess(klarnaOrderId, action, idempotencyKey)) !== null;
  await appendOrderEvent({
    providerReference: klarnaOrderId,
    source: "admin",
    action,
    outcome: repeated ? "repeat" : "ok",
    detail: `${message} · by ${merchant.email} ${keyTag(idempotencyKey)}`,
    latencyMs,
    ...decision.mail,
  });
  return { ok: true, message };
}

function trackingSummary(info: ShippingInfo): string {
  const parts = [info.shipping_company, info.tracking_number].filter(Boolean).join(" ");
  return parts ? ` · tracking ${parts}` : "";
}

export async function captureLines(
  input: ActionInput & { selection: LineSelection; shippingInfo: ShippingInfo },
): Promise<ActionResult> {
  return perform("capture", input, (order, store, format, now, om) => {
    const plan = planCapture(order, input.selection, now, format);
    if (!plan.ok) return plan;
    const request = captureRequestSchema.safeParse({
      captured_amount: plan.amount,
      reference: store.orderNumber,
      order_lines: plan.lines,
      ...(hasShippingInfo(input.shippingInfo) ? { shipping_info: [input.shippingInfo] } : {}),
    });
    if (!request.success) return { ok: false, message: "The capture could not be prepared: check the tracking details." };
    return {
      ok: true,
      send: (idempotencyKey) => om.orders.capture(order.order_id, request.data, { idempotencyKey }),
      mail: { shippingInfo: hasShippingInfo(input.shippingInfo) ? input.shippingInfo : null },
      done: ({ captureId }) =>
        `Captured ${format(plan.amount)}: ${plan.description}${trackingSummary(input.shippingInfo)} (capture ${captureId})`,
    };
  });
}

export async function addTracking(input: ActionInput & { captureId: string; shippingInfo: ShippingInfo }): Promise<ActionResult> {
  return perform("shipping_info", input, (order, _store, _format, _now, om) => {
    if (!hasShippingInfo(input.shippingInfo)) {
      return { ok: false, message: "Fill in at least the shipping company or a tracking number." };
    }
    if (!order.captures.some((capture) => capture.capture_id === input.captureId)) {
      return { ok: false, message: "This order has no such capture. Reload the order and try again." };
    }
    const info = shippingInfoSchema.safeParse(input.shippingInfo);
    if (!info.success) return { ok: false, message: "The tracking details do not fit Klarna's limits." };
    return {
      ok: true,
      send: (idempotencyKey) =>
        om.orders.addShippingInfo(order.order_id, input.captureId, [info.data], { idempotencyKey }),
      mail: { shippingInfo: info.data },
      done: () => `Added tracking to capture ${input.captureId}${trackingSummary(info.data)}`,
    };
  });
}

export async function refundLines(
  input: ActionInput & { selection: LineSelection; description?: string },
): Promise<ActionResult> {
  return perform("refund", input, (order, store, format, _now, om) => {
    const plan = planRefund(order, input.selection, format);
    if (!plan.ok) return plan;
    const request = refundRequestSchema.safeParse({
      refunded_amount: plan.amount,
      reference: store.orderNumber,
      order_lines: plan.lines,
      ...(input.description ? { description: input.description } : {}),
    });
    if (!request.success) return { ok: false, message: "The refund could not be prepared: shorten the note to the customer." };
    return {
      ok: true,
      send: (idempotencyKey) => om.orders.refund(order.order_id, request.data, { idempotencyKey }),
      mail: { amount: plan.amount },
      done: ({ refundId }) => `Refunded ${format(plan.amount)}: ${plan.description} (refund ${refundId})`,
    };
  });
}

export async function cancelOrder(input: ActionInput & { reason?: string }): Promise<ActionResult> {
  const reason = `Cancelled in the back office by ${input.merchant.email}${input.reason ? `: ${input.reason}` : ""}`;
  return perform("cancel", input, (order, _store, _format, _now, om) => {
    const refusal = cancelRefusal(order);
    if (refusal) return { ok: false, message: refusal };
    return {
      ok: true,
      send: (idempotencyKey) => om.orders.cancel(order.order_id, { idempotencyKey }),
      done: () => `Cancelled the order at Klarna${input.reason ? `: ${input.reason}` : ""}. The customer will not be charged.`,
      cancelReason: reason,
    };
  });
}

export async function releaseRemaining(input: ActionInput): Promise<ActionResult> {
  return perform("release", input, (order, _store, format, now, om) => {
    const refusal = releaseRefusal(order, now);
    if (refusal) return { ok: false, message: refusal };
    const released = order.remaining_authorized_amount;
    return {
      ok: true,
      send: (idempotencyKey) => om.orders.releaseRemainingAuthorization(order.order_id, { idempotencyKey }),
      done: () => `Released the remaining authorization of ${format(released)}. The customer will not be charged for it.`,
    };
  });
}

export async function extendAuthorization(input: ActionInput): Promise<ActionResult> {
  return perform("extend", input, (order, _store, _format, now, om) => {
    const refusal = extendRefusal(order, now);
    if (refusal) return { ok: false, message: refusal };
    return {
      ok: true,
      send: (idempotencyKey) => om.orders.extendAuthorizationTime(order.order_id, { idempotencyKey }),
      done: (_result, fresh) =>
        fresh?.expires_at
          ? `Extended the authorization: captures are possible until ${formatDateTime(fresh.expires_at)}.`
          : "Extended the authorization time.",
    };
  });
}
