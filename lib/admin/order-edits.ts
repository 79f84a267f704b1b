import { and, desc, eq, gte, like, sql } from "drizzle-orm";
import { atomically, db } from "@/db";
import { orderEvents, orders, productPrices, products } from "@/db/schema";
import { step } from "@/db/unit";
import {
  addressSchema,
  describeKlarnaError,
  isKlarnaNotFound,
  KlarnaApiError,
  type Address,
  type ManagedOrder,
  type OrderLineRead,
} from "@/lib/klarna";
import { appendOrderEvent, findOrderByKlarnaId, type StoreOrder } from "@/lib/orders/order-store";
import type { OrderManagementClient } from "@/lib/payments/order-management/client";
import { planEdit, type EditProduct, type EditRequest } from "@/lib/payments/order-management/edits-plan";
import { PROVIDER_LABELS, providerBrand } from "@/lib/payments/provider";
import { getMarket } from "@/lib/pricing/markets";
import { keyTag, withoutKeyTag } from "./event-detail";
import { moneyFormatter } from "./format";
import { rememberKlarnaState } from "./klarna-cache";
import type { Merchant } from "./merchants";
import { orderManagementOf, readLiveOrder, type ActionResult } from "./order-management";

/*
 * Order edits before capture, through Order Management (Klarna's for Klarna Payments, Kustom's for Kustom Checkout):
 * the lines and amount (PATCH …/authorization), the shipping address (PATCH …/customer-details), the merchant
 * reference (PATCH …/merchant-references), a capture's due date (GET …/extend-due-date-options, PATCH
 * …/extend-due-date) and re-sending its invoice (POST …/trigger-send-out), as reference/klarna/ordermanagement-v1
 * .openapi.json defines them. Each reads Klarna's live order, decides (a refusal sends nothing), sends with the form's
 * idempotency key and logs one order event. Stock and the store's lines follow only what Klarna accepted; stock for
 * added items is taken before the call and given back if Klarna refuses, with no transaction held across the call.
 */

export type EditAction = "edit_lines" | "edit_address" | "edit_references" | "extend_due_date" | "resend_invoice";

interface EditInput {
  merchant: Merchant;
  klarnaOrderId: string;
  idempotencyKey: string;
  now?: Date;
}

const NOT_OM: Omit<Extract<ActionResult, { ok: false }>, "message"> = { ok: false, status: 409 };

async function earlierSuccess(klarnaOrderId: string, action: EditAction, key: string) {
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

interface Context {
  store: StoreOrder;
  live: ManagedOrder;
  om: OrderManagementClient;
  format: (minorUnits: number) => string;
}

/** The store's order, its Order Management and Klarna's live order; or the answer why there is nothing to do. */
async function prepare(action: EditAction, input: EditInput): Promise<Context | ActionResult> {
  const store = await findOrderByKlarnaId(input.klarnaOrderId);
  if (!store) return { ok: false, status: 404, message: "The store has no order with this Klarna order id." };
  const om = await orderManagementOf(store.provider);
  if (!om) return { ...NOT_OM, message: `${PROVIDER_LABELS[store.provider]} orders cannot be edited through Order Management.` };
  const earlier = await earlierSuccess(input.klarnaOrderId, action, input.idempotencyKey);
  if (earlier) return { ok: true, message: `Already done, not repeated: ${withoutKeyTag(earlier.detail)}` };
  try {
    const live = await readLiveOrder(store);
    return { store, live, om, format: moneyFormatter(store) };
  } catch (error) {
    if (isKlarnaNotFound(error)) return { ok: false, status: 404, message: `${vendorOf(store)} has no order with this id.` };
    return { ok: false, status: 502, message: describeKlarnaError(error) };
  }
}

const vendorOf = (store: Pick<StoreOrder, "provider">) => providerBrand(store.provider);

/** The vendor's refusal in the merchant's words, naming Kustom for Kustom orders. */
function inWords(error: unknown, store: Pick<StoreOrder, "provider">): string {
  const message = describeKlarnaError(error);
  return message.replaceAll("Klarna", vendorOf(store));
}

async function log(input: EditInput, action: EditAction, outcome: string, detail: string, latencyMs: number, store: StoreOrder) {
  await appendOrderEvent({
    providerReference: input.klarnaOrderId,
    provider: store.provider,
    source: "admin",
    action,
    outcome,
    detail: `${detail} · by ${input.merchant.email} ${keyTag(input.idempotencyKey)}`,
    latencyMs,
  });
}

/** Sends one change with the form's key; logs and answers Klarna's refusal, or returns the call's latency. */
async function send(
  input: EditInput,
  action: EditAction,
  context: Context,
  call: (idempotencyKey: string) => Promise<void>,
  refusal: (error: unknown) => string = (error) => inWords(error, context.store),
): Promise<{ ok: true; latencyMs: number } | { ok: false; result: ActionResult; error: unknown; latencyMs: number }> {
  const started = performance.now();
  try {
    await call(input.idempotencyKey);
    return { ok: true, latencyMs: performance.now() - started };
  } catch (error) {
    const latencyMs = performance.now() - started;
    const message = refusal(error);
    const refused = error instanceof KlarnaApiError;
    await log(input, action, refused ? "refused" : "failed", message, latencyMs, context.store);
    return { ok: false, error, latencyMs, result: { ok: false, status: refused ? 409 : 502, message } };
  }
}

/** Reads the order again after a change and remembers it; a failed read leaves it to the next one. */
async function refresh(context: Context): Promise<ManagedOrder | null> {
  try {
    const fresh = await context.om.orders.get(context.live.order_id);
    await rememberKlarnaState(fresh, context.store.provider);
    return fresh;
  } catch {
    return null;
  }
}

// ─── Lines and amount ─────────────────────────────────────────────────────────────────────────────────────────────

/** The products an edit touches, with their price in the order's currency. */
export async function editProducts(currency: string, skus: readonly string[]): Promise<Map<string, EditProduct>> {
  const wanted = [...new Set(skus)];
  if (wanted.length === 0) return new Map();
  const rows = await db()
    .select({
      sku: products.sku,
      name: products.name,
      price: productPrices.unitPrice,
      taxClass: products.taxClass,
      isDigital: products.isDigital,
      stock: products.stock,
    })
    .from(products)
    .innerJoin(productPrices, and(eq(productPrices.productId, products.id), eq(productPrices.currency, currency.toUpperCase())));
  return new Map(rows.filter((row) => wanted.includes(row.sku)).map((row) => [row.sku, row]));
}

/** The catalogue a merchant can add from, in the order's currency. */
export async function addableProducts(currency: string): Promise<EditProduct[]> {
  return db()
    .select({
      sku: products.sku,
      name: products.name,
      price: productPrices.unitPrice,
      taxClass: products.taxClass,
      isDigital: products.isDigital,
      stock: products.stock,
    })
    .from(products)
    .innerJoin(productPrices, and(eq(productPrices.productId, products.id), eq(productPrices.currency, currency.toUpperCase())))
    .orderBy(products.position);
}

/**
 * Takes the stock an edit adds, all or nothing: one conditional update per SKU inside one unit, each only when
 * enough is left; a short SKU undoes the unit. Returns the names short of stock, or [] when all was taken.
 */
async function takeStock(taken: ReadonlyMap<string, number>): Promise<string[]> {
  if (taken.size === 0) return [];
  class Short extends Error {
    constructor(readonly skus: string[]) {
      super("short of stock");
    }
  }
  try {
    await atomically(function* (tx) {
      const short: string[] = [];
      for (const [sku, quantity] of taken) {
        const row = yield* step(
          tx
            .update(products)
            .set({ stock: sql`${products.stock} - ${quantity}` })
            .where(and(eq(products.sku, sku), gte(products.stock, quantity)))
            .returning({ sku: products.sku })
            .get(),
        );
        if (!row) short.push(sku);
      }
      if (short.length > 0) throw new Short(short);
    }, "takeEditStock");
    return [];
  } catch (error) {
    if (error instanceof Short) return error.skus;
    throw error;
  }
}

async function giveBackStock(given: ReadonlyMap<string, number>): Promise<void> {
  if (given.size === 0) return;
  await atomically(function* (tx) {
    for (const [sku, quantity] of given) {
      yield* step(tx.update(products).set({ stock: sql`${products.stock} + ${quantity}` }).where(eq(products.sku, sku)).run());
    }
  }, "giveBackEditStock");
}

/**
 * Writes the lines Klarna accepted on the store's order and gives back the stock of what was removed, in one unit.
 * The update only applies to the row as it was read, so of two submits that both reached Klarna only one moves the
 * stock; the other gives back what it took.
 */
async function applyAcceptedEdit(
  store: StoreOrder,
  plan: { lines: OrderLineRead[]; amount: number; taxAmount: number; stock: ReadonlyMap<string, number> },
): Promise<boolean> {
  const removed = new Map([...plan.stock].filter(([, delta]) => delta < 0).map(([sku, delta]) => [sku, -delta]));
  const added = new Map([...plan.stock].filter(([, delta]) => delta > 0));
  const applied = await atomically(function* (tx) {
    const row = yield* step(
      tx
        .update(orders)
        .set({ lines: plan.lines, orderAmount: plan.amount, orderTaxAmount: plan.taxAmount })
        .where(
          and(
            eq(orders.id, store.id),
            eq(orders.orderAmount, store.orderAmount),
            sql`${orders.lines} = ${JSON.stringify(store.lines)}`,
            sql`${orders.status} <> 'cancelled'`,
          ),
        )
        .returning({ id: orders.id })
        .get(),
    );
    if (!row) return false;
    for (const [sku, quantity] of removed) {
      yield* step(tx.update(products).set({ stock: sql`${products.stock} + ${quantity}` }).where(eq(products.sku, sku)).run());
    }
    return true;
  }, "applyOrderEdit");
  if (!applied) await giveBackStock(added);
  return applied;
}

/** What an edit would come to, decided exactly as the edit itself will be, without sending or taking anything. */
export type EditPreview =
  | { ok: false; status: 400 | 404 | 409 | 502; message: string }
  | { ok: true; before: number; total: number; captured: number; summary: string; increase: boolean };

export async function previewOrderEdit(input: Omit<EditInput, "idempotencyKey"> & EditRequest): Promise<EditPreview> {
  const store = await findOrderByKlarnaId(input.klarnaOrderId);
  if (!store) return { ok: false, status: 404, message: "The store has no order with this Klarna order id." };
  if (!(await orderManagementOf(store.provider))) return { ok: false, status: 409, message: "This order cannot be edited through Order Management." };
  let live: ManagedOrder;
  try {
    live = await readLiveOrder(store);
  } catch (error) {
    return { ok: false, status: 502, message: inWords(error, store) };
  }
  const format = moneyFormatter(store);
  const catalogue = await editProducts(store.currency, [
    ...live.order_lines.map((line) => line.reference ?? ""),
    ...input.additions.map((addition) => addition.sku),
  ].filter(Boolean));
  const plan = planEdit({ order: live, market: getMarket(store.market), products: catalogue, request: input, now: input.now ?? new Date(), format });
  if (!plan.ok) return { ok: false, status: 409, message: plan.message };
  const short = [...plan.stock].filter(([sku, delta]) => delta > 0 && (catalogue.get(sku)?.stock ?? 0) < delta);
  if (short.length > 0) {
    const words = short.map(([sku]) => `${catalogue.get(sku)?.name ?? sku} (${catalogue.get(sku)?.stock ?? 0} left)`).join(", ");
    return { ok: false, status: 409, message: `Not enough stock for ${words}.` };
  }
  return { ok: true, before: live.order_amount, total: plan.amount, captured: live.captured_amount, summary: plan.summary, increase: plan.increase };
}

export async function editOrderLines(input: EditInput & EditRequest): Promise<ActionResult> {
  const prepared = await prepare("edit_lines", input);
  if ("ok" in prepared) return prepared;
  const { store, live, om, format } = prepared;
  if (store.status === "cancelled" || store.unfulfillableReason) {
    return { ok: false, status: 409, message: "The store does not ship this order, so its lines cannot change." };
  }
  const market = getMarket(store.market);
  const skus = [...live.order_lines.map((line) => line.reference ?? ""), ...input.additions.map((addition) => addition.sku)];
  const plan = planEdit({
    order: live,
    market,
    products: await editProducts(store.currency, skus.filter(Boolean)),
    request: input,
    now: input.now ?? new Date(),
    format,
  });
  if (!plan.ok) return { ok: false, status: 409, message: plan.message };

  const taken = new Map([...plan.stock].filter(([, delta]) => delta > 0));
  const short = await takeStock(taken);
  if (short.length > 0) {
    const names = await editProducts(store.currency, short);
    const words = short.map((sku) => `${names.get(sku)?.name ?? sku} (${names.get(sku)?.stock ?? 0} left)`).join(", ");
    return { ok: false, status: 409, message: `Not enough stock for ${words}. Nothing was changed.` };
  }

  const sent = await send(
    input,
    "edit_lines",
    prepared,
    (idempotencyKey) =>
      om.orders.updateAuthorization(live.order_id, { order_amount: plan.amount, order_lines: plan.lines, description: plan.summary.slice(0, 255) }, { idempotencyKey }),
    (error) =>
      error instanceof KlarnaApiError && error.status === 403 && plan.increase
        ? // Klarna's own error_messages are not shown: they are not written for merchants and speak in minor units.
          `${vendorOf(store)} declined to raise the order from ${format(live.order_amount)} to ${format(plan.amount)}. ` +
          `The order stays at ${format(live.order_amount)}; nothing was changed. The customer can pay for the extra items in a new order.`
        : inWords(error, store),
  );
  if (!sent.ok) {
    // Refused: nothing changed at Klarna. Unknown outcome: the order as Klarna now holds it decides.
    const fresh = sent.error instanceof KlarnaApiError ? null : await refresh(prepared);
    if (!fresh || fresh.order_amount !== plan.amount) {
      await giveBackStock(taken);
      return sent.result;
    }
  }
  const applied = await applyAcceptedEdit(store, { ...plan, lines: plan.lines as OrderLineRead[] });
  await refresh(prepared);
  const message = `Changed the order at ${vendorOf(store)}: ${plan.summary}.`;
  await log(input, "edit_lines", applied ? "ok" : "repeat", message, sent.latencyMs, store);
  return { ok: true, message };
}

// ─── Shipping address ─────────────────────────────────────────────────────────────────────────────────────────────

/** The fields a shipping address needs before it goes to Klarna (UpdateConsumer.shipping_address is an `address`). */
const REQUIRED_ADDRESS: (keyof Address)[] = ["given_name", "family_name", "street_address", "postal_code", "city", "country"];

export async function updateShippingAddress(input: EditInput & { address: Address }): Promise<ActionResult> {
  const parsed = addressSchema.safeParse(input.address);
  if (!parsed.success) return { ok: false, status: 400, message: "The address has a field that is too long or not valid." };
  const missing = REQUIRED_ADDRESS.filter((field) => !parsed.data[field]?.trim());
  if (missing.length > 0) return { ok: false, status: 400, message: `Fill in ${missing.map((field) => field.replace("_", " ")).join(", ")}.` };
  const prepared = await prepare("edit_address", input);
  if ("ok" in prepared) return prepared;
  const { store, live, om } = prepared;
  const country = (live.shipping_address?.country ?? live.purchase_country ?? "").toUpperCase();
  const address = { ...parsed.data, country: parsed.data.country!.toUpperCase() };
  if (country && address.country !== country) {
    return { ok: false, status: 409, message: `The order ships within ${country}; the country cannot change.` };
  }
  if (live.status === "CANCELLED") return { ok: false, status: 409, message: "The order is cancelled, so its address cannot change." };
  // The shopper's e-mail and phone stay as Klarna has them unless the merchant changed them.
  const shipping = { ...stripped(live.shipping_address), ...address };
  const sent = await send(input, "edit_address", prepared, (idempotencyKey) =>
    om.orders.updateCustomerDetails(live.order_id, { shipping_address: shipping }, { idempotencyKey }),
  );
  if (!sent.ok) return sent.result;
  await db().update(orders).set({ shippingAddress: shipping }).where(eq(orders.id, store.id));
  await refresh(prepared);
  const message = `Updated the shipping address at ${vendorOf(store)}: ${[shipping.street_address, shipping.postal_code, shipping.city].filter(Boolean).join(", ")}.`;
  await log(input, "edit_address", "ok", message, sent.latencyMs, store);
  return { ok: true, message };
}

function stripped(address: ManagedOrder["shipping_address"]): Address {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(address ?? {})) if (typeof value === "string" && value) result[key] = value;
  return result as Address;
}

// ─── Merchant reference ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * merchant_reference1 only: the store keeps its checkout's id in merchant_reference2 and finds the checkout of a
 * pushed order by it (lib/payments/order-management/order-management-provider.ts), so that one is not the merchant's
 * to change here. Update_merchant_references: "Old reference will be overwritten if this field is present", ≤ 255.
 */
export async function updateMerchantReference(input: EditInput & { reference: string }): Promise<ActionResult> {
  const reference = input.reference.trim();
  if (reference.length === 0 || reference.length > 255) {
    return { ok: false, status: 400, message: "The merchant reference is 1 to 255 characters." };
  }
  const prepared = await prepare("edit_references", input);
  if ("ok" in prepared) return prepared;
  const { store, live, om } = prepared;
  if (live.status === "CANCELLED") return { ok: false, status: 409, message: "The order is cancelled, so its reference cannot change." };
  if (live.merchant_reference1 === reference) return { ok: false, status: 409, message: `The merchant reference is already ${reference}.` };
  const sent = await send(input, "edit_references", prepared, (idempotencyKey) =>
    om.orders.updateMerchantReferences(live.order_id, { merchant_reference1: reference }, { idempotencyKey }),
  );
  if (!sent.ok) return sent.result;
  await refresh(prepared);
  const message = `Set the merchant reference at ${vendorOf(store)} to ${reference}${live.merchant_reference1 ? ` (was ${live.merchant_reference1})` : ""}.`;
  await log(input, "edit_references", "ok", message, sent.latencyMs, store);
  return { ok: true, message };
}

// ─── A capture's due date and invoice ─────────────────────────────────────────────────────────────────────────────

export interface DueDateChoice {
  days: number;
  /** The merchant's fee for it, in minor units (OptionDto.amount). */
  fee: number;
}

/** Klarna's options for extending a capture's due date; empty when there are none (not a pay-later invoice). */
export async function dueDateChoices(
  store: Pick<StoreOrder, "provider" | "providerReference">,
  captureId: string,
): Promise<{ currency: string | null; choices: DueDateChoice[] }> {
  const om = await orderManagementOf(store.provider);
  if (!om) return { currency: null, choices: [] };
  const answer = await om.orders.dueDateOptions(store.providerReference, captureId);
  return {
    currency: answer.currency?.toUpperCase() ?? null,
    choices: answer.options.map((option) => ({ days: option.number_of_days, fee: option.amount ?? 0 })),
  };
}

/** Each capture with Klarna's due date options, or why they could not be read, for the order page. */
export async function captureInvoices(
  store: Pick<StoreOrder, "provider" | "providerReference">,
  live: ManagedOrder,
): Promise<{ captureId: string; amount: number; choices: DueDateChoice[]; problem: string | null }[]> {
  return Promise.all(
    live.captures.map(async (capture) => {
      try {
        const { choices } = await dueDateChoices(store, capture.capture_id);
        return { captureId: capture.capture_id, amount: capture.captured_amount, choices, problem: null };
      } catch (error) {
        return { captureId: capture.capture_id, amount: capture.captured_amount, choices: [], problem: inWords(error, store) };
      }
    }),
  );
}

export async function extendDueDate(input: EditInput & { captureId: string; days: number }): Promise<ActionResult> {
  if (!Number.isInteger(input.days) || input.days < 1) return { ok: false, status: 400, message: "Choose how many days to extend by." };
  const prepared = await prepare("extend_due_date", input);
  if ("ok" in prepared) return prepared;
  const { store, live, om, format } = prepared;
  if (!live.captures.some((capture) => capture.capture_id === input.captureId)) {
    return { ok: false, status: 404, message: "This order has no such capture. Reload the order and try again." };
  }
  let choices: DueDateChoice[];
  try {
    choices = (await dueDateChoices(store, input.captureId)).choices;
  } catch (error) {
    return { ok: false, status: 502, message: inWords(error, store) };
  }
  const choice = choices.find((option) => option.days === input.days);
  if (!choice) {
    return {
      ok: false,
      status: 409,
      message:
        choices.length === 0
          ? `${vendorOf(store)} offers no due date extension for this capture.`
          : `${vendorOf(store)} offers ${choices.map((option) => `${option.days}`).join(", ")} days, not ${input.days}.`,
    };
  }
  const sent = await send(input, "extend_due_date", prepared, (idempotencyKey) =>
    om.orders.extendDueDate(live.order_id, input.captureId, input.days, { idempotencyKey }),
  );
  if (!sent.ok) return sent.result;
  const message = `Extended the payment due date of capture ${input.captureId} by ${input.days} days (fee ${format(choice.fee)}).`;
  await log(input, "extend_due_date", "ok", message, sent.latencyMs, store);
  return { ok: true, message };
}

export async function resendInvoice(input: EditInput & { captureId: string }): Promise<ActionResult> {
  const prepared = await prepare("resend_invoice", input);
  if ("ok" in prepared) return prepared;
  const { store, live, om } = prepared;
  if (!live.captures.some((capture) => capture.capture_id === input.captureId)) {
    return { ok: false, status: 404, message: "This order has no such capture. Reload the order and try again." };
  }
  const sent = await send(input, "resend_invoice", prepared, (idempotencyKey) =>
    om.orders.triggerSendOut(live.order_id, input.captureId, { idempotencyKey }),
  );
  if (!sent.ok) return sent.result;
  const message = `${vendorOf(store)} sends the customer the invoice of capture ${input.captureId} again.`;
  await log(input, "resend_invoice", "ok", message, sent.latencyMs, store);
  return { ok: true, message };
}
