import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
// Relative imports: drizzle-kit loads this file without the `@/` alias. All but PROVIDER_IDS, DEFAULT_PROVIDER_ID and SUBSCRIPTION_INTERVALS are types only.
import type { SessionOrder } from "../lib/checkout/session-order";
import type { AddressRead, OrderLineRead, PaymentMethodCategory } from "../lib/klarna/types";
import { DEFAULT_PROVIDER_ID, PROVIDER_IDS } from "../lib/payments/provider";
import { SUBSCRIPTION_INTERVALS } from "./subscription-interval";

const createdAt = (name = "created_at") =>
  text(name)
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const products = sqliteTable(
  "products",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    sku: text("sku").notNull().unique(),
    name: text("name").notNull(),
    summary: text("summary").notNull(),
    description: text("description").notNull(),
    category: text("category").notNull(),
    taxClass: text("tax_class", { enum: ["standard", "food", "books"] }).notNull(),
    isDigital: integer("is_digital", { mode: "boolean" }).notNull().default(false),
    stock: integer("stock").notNull(),
    image: text("image").notNull(),
    position: integer("position").notNull().default(0),
    /**
     * A subscription product renews every `subscription_interval_count` × `subscription_interval`; null on one-off
     * products. The units are the order line's `subscription.interval` (reference/klarna/payments-v1.openapi.json).
     */
    subscriptionInterval: text("subscription_interval", { enum: SUBSCRIPTION_INTERVALS }),
    subscriptionIntervalCount: integer("subscription_interval_count"),
    createdAt: createdAt(),
  },
  // No check on the interval pair: adding one would rebuild the products table; the seed (db/catalogue.ts) sets both.
  (table) => [check("stock_not_negative", sql`${table.stock} >= 0`)],
);

/** Shelf prices per currency in minor units: VAT included in Europe, sales tax excluded in the US. */
export const productPrices = sqliteTable(
  "product_prices",
  {
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    unitPrice: integer("unit_price").notNull(),
  },
  (table) => [primaryKey({ columns: [table.productId, table.currency] }), check("price_positive", sql`${table.unitPrice} > 0`)],
);

export const carts = sqliteTable("carts", {
  id: text("id").primaryKey(),
  createdAt: createdAt(),
  updatedAt: text("updated_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
});

export const cartItems = sqliteTable(
  "cart_items",
  {
    cartId: text("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    addedAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.cartId, table.productId] }),
    check("quantity_range", sql`${table.quantity} between 1 and 99`),
  ],
);

/** Secrets the store generates for itself on first start when none is configured (see lib/secrets.ts). */
export const appSecrets = sqliteTable("app_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});

/**
 * One Klarna Payments session per checkout. `callbackToken` is the secret that Klarna's callbacks for this session
 * carry in their URL; `placingAt` is a claim so only one caller places the order for an authorization.
 */
export const checkoutSessions = sqliteTable("checkout_sessions", {
  id: text("id").primaryKey(),
  cartId: text("cart_id")
    .notNull()
    .references(() => carts.id, { onDelete: "cascade" }),
  market: text("market").notNull(),
  /** Which provider's checkout this is; `klarna_session_id` holds that provider's id of it. */
  provider: text("provider", { enum: PROVIDER_IDS }).notNull().default(DEFAULT_PROVIDER_ID),
  klarnaSessionId: text("klarna_session_id").notNull().unique(),
  clientToken: text("client_token").notNull(),
  paymentMethodCategories: text("payment_method_categories", { mode: "json" }).$type<PaymentMethodCategory[]>().notNull(),
  callbackToken: text("callback_token").notNull().unique(),
  /** The order as last sent to Klarna: lines and amounts, to compare with the cart before placing. */
  order: text("order", { mode: "json" }).$type<SessionOrder>().notNull(),
  fingerprint: text("fingerprint").notNull(),
  authorizationToken: text("authorization_token"),
  /** The merchant's order number, given when Klarna validates the order and kept for the order it becomes. */
  orderNumber: text("order_number").unique(),
  couponCode: text("coupon_code"),
  placingAt: integer("placing_at"),
  /** The provider's id of the purchase this checkout became (a Klarna order id, a Checkout.com payment id), once placed. */
  providerReference: text("provider_reference"),
  redirectUrl: text("redirect_url"),
  /**
   * Klarna Express Checkout (reference/klarna/express-checkout-notes.md): the button's flow, null for the ordinary
   * checkout. The order it becomes is an ordinary Klarna Payments order, marked Express through this column.
   */
  express: text("express", { enum: ["one_step", "multi_step"] }),
  /** The shipping option the shopper chose on the Express review page; null is the market's standard shipping. */
  shippingOption: text("shipping_option"),
  /**
   * Multistep Express: what Klarna's authorize() answered (finalize_required), kept for the review page: the
   * client_token that resumes the authorization and the collected shipping address.
   */
  expressReview: text("express_review", { mode: "json" }).$type<{ clientToken: string; shippingAddress: AddressRead }>(),
  createdAt: createdAt(),
  updatedAt: text("updated_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
}, (table) => [index("checkout_sessions_by_cart").on(table.cartId)]);

export const orders = sqliteTable(
  "orders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Which way of reaching Klarna the order came through (lib/payments/provider.ts). */
    provider: text("provider", { enum: PROVIDER_IDS }).notNull().default(DEFAULT_PROVIDER_ID),
    /** The provider's id of the purchase, which every later call to the provider uses; unique per provider. */
    providerReference: text("provider_reference").notNull(),
    /** Klarna's order id where there is one (a Klarna payment request has none); SQLite's unique allows many nulls. */
    klarnaOrderId: text("klarna_order_id").unique(),
    orderNumber: text("order_number").notNull().unique(),
    /** Unguessable key of the shopper's order page. */
    accessToken: text("access_token").notNull().unique(),
    checkoutSessionId: text("checkout_session_id").references(() => checkoutSessions.id, { onDelete: "set null" }),
    status: text("status", { enum: ["pending", "acknowledged", "cancelled"] })
      .notNull()
      .default("pending"),
    market: text("market").notNull(),
    currency: text("currency").notNull(),
    locale: text("locale").notNull(),
    email: text("email"),
    orderAmount: integer("order_amount").notNull(),
    orderTaxAmount: integer("order_tax_amount").notNull(),
    lines: text("lines", { mode: "json" }).$type<OrderLineRead[]>().notNull(),
    billingAddress: text("billing_address", { mode: "json" }).$type<AddressRead>(),
    shippingAddress: text("shipping_address", { mode: "json" }).$type<AddressRead>(),
    paymentMethod: text("payment_method"),
    fraudStatus: text("fraud_status"),
    /** Why the store will not ship the order (stock gone, undeliverable, blocked shopper); it is then cancelled at Klarna. */
    unfulfillableReason: text("unfulfillable_reason"),
    /** A settlement claim: when it was taken, and the token of the caller holding it (lib/orders/order-store.ts). */
    ackClaimedAt: integer("ack_claimed_at"),
    ackClaimToken: text("ack_claim_token"),
    /** Klarna's view, refreshed whenever the store reads or changes the order there (back office, reconcile). */
    providerStatus: text("provider_status"),
    capturedAmount: integer("captured_amount").notNull().default(0),
    refundedAmount: integer("refunded_amount").notNull().default(0),
    authorizationExpiresAt: text("authorization_expires_at"),
    acknowledgedAt: text("acknowledged_at"),
    cancelledAt: text("cancelled_at"),
    cancelReason: text("cancel_reason"),
    createdAt: createdAt(),
  },
  (table) => [
    check("amount_not_negative", sql`${table.orderAmount} >= 0`),
    uniqueIndex("orders_provider_reference").on(table.provider, table.providerReference),
  ],
);

/** Every attempt to finalize, acknowledge or cancel an order, from any source, with its outcome and latency. */
export const orderEvents = sqliteTable("order_events", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** The order's provider reference, or `session:<checkout session id>` for events before there is one. */
  providerReference: text("provider_reference").notNull(),
  /** The provider the reference belongs to; null on events recorded before orders had providers (all Klarna Payments). */
  provider: text("provider", { enum: PROVIDER_IDS }),
  source: text("source").notNull(),
  action: text("action").notNull(),
  outcome: text("outcome").notNull(),
  detail: text("detail"),
  latencyMs: integer("latency_ms").notNull(),
  createdAt: createdAt(),
}, (table) => [index("order_events_by_order").on(table.providerReference)]);

/**
 * Order numbers come from this sequence: sequential, never reused, safe under concurrency. `key` names what the
 * number is for (a checkout session or a Klarna order), so asking twice for the same thing gives the same number.
 */
export const orderNumbers = sqliteTable("order_numbers", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  key: text("key").notNull().unique(),
  createdAt: createdAt(),
});

/** Discount codes a shopper enters in the cart. `maxUses` 1 is single-use; null is unlimited. */
export const coupons = sqliteTable(
  "coupons",
  {
    code: text("code").primaryKey(),
    description: text("description").notNull(),
    kind: text("kind", { enum: ["percent", "amount"] }).notNull(),
    /** Percent (1–100) or, for "amount", minor units of `currency`. */
    value: integer("value").notNull(),
    currency: text("currency"),
    maxUses: integer("max_uses"),
    uses: integer("uses").notNull().default(0),
    expiresAt: text("expires_at"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
  },
  (table) => [
    check("coupon_value_positive", sql`${table.value} > 0`),
    check("coupon_uses_within_limit", sql`${table.maxUses} is null or ${table.uses} <= ${table.maxUses}`),
  ],
);

/** One claimed use of a coupon per checkout session, so a retried validation does not use it twice. */
export const couponClaims = sqliteTable(
  "coupon_claims",
  {
    couponCode: text("coupon_code")
      .notNull()
      .references(() => coupons.code, { onDelete: "cascade" }),
    checkoutSessionId: text("checkout_session_id").notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.couponCode, table.checkoutSessionId] })],
);

/** The coupon a cart carries, if any. */
export const cartCoupons = sqliteTable("cart_coupons", {
  cartId: text("cart_id")
    .primaryKey()
    .references(() => carts.id, { onDelete: "cascade" }),
  couponCode: text("coupon_code")
    .notNull()
    .references(() => coupons.code, { onDelete: "cascade" }),
  createdAt: createdAt(),
});

/** Shoppers the merchant will not sell to, matched on a normalised email, phone number or address. */
export const blockedShoppers = sqliteTable(
  "blocked_shoppers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["email", "phone", "address"] }).notNull(),
    value: text("value").notNull(),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("blocked_shoppers_kind_value").on(table.kind, table.value)],
);

/** Merchant accounts for the back office. Passwords are stored as slow hashes only. */
export const merchantUsers = sqliteTable("merchant_users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: createdAt(),
});

/**
 * Providers' signed webhooks, each recorded once: (provider, event id) is unique, so a redelivered event is
 * recognised. An event that arrives before the store has its order is kept and applied once the order exists.
 */
export const webhookEvents = sqliteTable(
  "webhook_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    provider: text("provider", { enum: PROVIDER_IDS }).notNull(),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    /** The provider's reference of what the event is about: a payment id, a payment request id. */
    subjectReference: text("subject_reference").notNull(),
    /** When the provider says it happened (its clock). */
    occurredAt: text("occurred_at").notNull(),
    /** When the store received it (the store's clock). */
    receivedAt: createdAt("received_at"),
    /** The verified body as received. */
    body: text("body", { mode: "json" }).$type<unknown>().notNull(),
    appliedAt: text("applied_at"),
  },
  (table) => [
    uniqueIndex("webhook_events_provider_event").on(table.provider, table.eventId),
    index("webhook_events_by_subject").on(table.provider, table.subjectReference),
  ],
);

/** A Checkout.com payment's last known state; `observed_at` orders the reads, so an older one never wins. */
export const checkoutComPayments = sqliteTable("checkout_com_payments", {
  paymentId: text("payment_id").primaryKey(),
  observedAt: integer("observed_at").notNull(),
  data: text("data").notNull(),
});

/** The back office's requested captures, refunds and voids, settled by webhooks. */
export const checkoutComActions = sqliteTable(
  "checkout_com_actions",
  {
    actionId: text("action_id").primaryKey(),
    paymentId: text("payment_id").notNull(),
    /** Checkout.com's outcome of the action, "requested" until settled; a conditional update settles it once. */
    outcome: text("outcome").notNull(),
    requestedAt: integer("requested_at").notNull(),
    data: text("data").notNull(),
  },
  (table) => [index("checkout_com_actions_payment").on(table.paymentId)],
);

/**
 * Rate limits shared by every instance of the store (lib/security/rate-limit.ts): one row per limited key, such as
 * failed sign-ins from one address or for one account, or coupon entries of one cart. `hits` counts within the window
 * that started at `window_started_at`; once past the limit the key is refused until `blocked_until` (epoch ms).
 * Keys never hold an address or an e-mail in clear: those parts are hashed.
 */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    hits: integer("hits").notNull(),
    windowStartedAt: integer("window_started_at").notNull(),
    blockedUntil: integer("blocked_until").notNull().default(0),
  },
  (table) => [index("rate_limits_window").on(table.windowStartedAt)],
);

/**
 * Shopper emails waiting to be sent, sent, or given up on (lib/email/outbox.ts). A row is written after the order
 * event it answers is stored, once per (order, event, email kind): `dedupe_key` is unique, so an event seen twice
 * (a repeated push, a webhook and reconcile) adds nothing. Sending happens later, outside any transaction; a failed
 * attempt sets `next_attempt_at` further out (backoff) and keeps the row pending until `attempts` runs out.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    dedupeKey: text("dedupe_key").notNull().unique(),
    /** The order the email is about (every row has one; a lookup that matches no order writes none). */
    orderId: integer("order_id").references(() => orders.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["confirmation", "shipping", "refund", "cancellation", "order_link"] }).notNull(),
    recipient: text("recipient").notNull(),
    /** What the email needs beyond the order (shipping info, refunded amount, the signed link). */
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** Epoch ms; the drain picks pending rows whose time has come. */
    nextAttemptAt: integer("next_attempt_at").notNull(),
    /** Epoch ms while one drain holds the row, so two instances never send it twice at once. */
    claimedAt: integer("claimed_at"),
    lastError: text("last_error"),
    messageId: text("message_id"),
    /** The row this one resends, when a merchant asked for it again. */
    resendOf: integer("resend_of"),
    sentAt: text("sent_at"),
    createdAt: createdAt(),
  },
  (table) => [index("email_outbox_due").on(table.status, table.nextAttemptAt), index("email_outbox_by_order").on(table.orderId)],
);

/*
 * Klarna payment requests' own rows (lib/payments/klarna-network/storage.ts), named after the provider's id. Until
 * migration 0005 the store made these tables at run time (as kn_*); 0005 keeps the rows of a store that did, and 0008
 * gives the tables the provider's one name.
 */

/** What the store knows about one checkout paid through a payment request (the checkout session row holds the cart). */
export const networkCheckouts = sqliteTable("klarna_network_checkouts", {
  checkoutSessionId: text("checkout_session_id").primaryKey(),
  role: text("role", { enum: ["merchant", "acquirer"] }).notNull(),
  /** The request the shopper is sent to now: the first one, or the step-up an authorize asked for. */
  paymentRequestId: text("payment_request_id"),
  paymentRequestUrl: text("payment_request_url"),
  /** open → paid, or declined / expired / canceled; step_up while a step-up journey is open. */
  state: text("state", { enum: ["open", "step_up", "paid", "declined", "expired", "canceled"] }).notNull(),
  /** The confirmation or session token last seen, kept so a retry can repeat the idempotent confirm or authorize. */
  token: text("token"),
  transactionId: text("transaction_id"),
  /** The shopper agreed to be remembered: a customer token is requested and kept. */
  remember: integer("remember", { mode: "boolean" }).notNull().default(false),
  /** The saved customer token this checkout produced, for the return to set the shopper's cookie. */
  walletId: text("wallet_id"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/** Every payment request the store made, pointing at its checkout (a step-up makes a second one). */
export const networkRequests = sqliteTable("klarna_network_requests", {
  paymentRequestId: text("payment_request_id").primaryKey(),
  checkoutSessionId: text("checkout_session_id").notNull(),
  createdAt: text("created_at").notNull(),
});

/** A returning shopper's Klarna customer token, found by the signed "remember me" cookie that names the row. */
export const networkWallets = sqliteTable("klarna_network_wallets", {
  id: text("id").primaryKey(),
  customerToken: text("customer_token").notNull(),
  email: text("email"),
  createdAt: text("created_at").notNull(),
  removedAt: text("removed_at"),
});

/**
 * A shopper's subscription (lib/subscriptions/): the subscription lines of its first order, charged again every
 * interval with the Klarna customer token made from that order's authorization. One per first order: the unique
 * `source_order_id` is the claim that lets exactly one caller create the token. Times are ISO strings on the store's
 * subscription clock (lib/subscriptions/clock.ts).
 */
export const subscriptions = sqliteTable(
  "subscriptions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sourceOrderId: integer("source_order_id")
      .notNull()
      .unique()
      .references(() => orders.id, { onDelete: "cascade" }),
    /** tokenizing → active; active ⇄ paused; any → cancelled. `failed`: Klarna never gave a token. */
    status: text("status", { enum: ["tokenizing", "active", "paused", "cancelled", "failed"] }).notNull(),
    /** Epoch ms while one caller asks Klarna for the token; a stale claim is taken over by the cron step. */
    tokenClaimedAt: integer("token_claimed_at"),
    customerToken: text("customer_token").unique(),
    /** Klarna's last reported token status (ACTIVE, CANCELLED, SUSPENDED), read with GET /customer-token/v1/tokens/{t}. */
    tokenStatus: text("token_status"),
    paymentMethodType: text("payment_method_type"),
    name: text("name").notNull(),
    market: text("market").notNull(),
    currency: text("currency").notNull(),
    locale: text("locale").notNull(),
    email: text("email"),
    interval: text("interval", { enum: SUBSCRIPTION_INTERVALS }).notNull(),
    intervalCount: integer("interval_count").notNull(),
    /** The lines each renewal orders (goods with their `subscription` object, and shipping), and their totals. */
    lines: text("lines", { mode: "json" }).$type<OrderLineRead[]>().notNull(),
    amount: integer("amount").notNull(),
    taxAmount: integer("tax_amount").notNull(),
    shippingAddress: text("shipping_address", { mode: "json" }).$type<AddressRead>(),
    /** When the first order was placed: period n falls due at started_at + n intervals. */
    startedAt: text("started_at").notNull(),
    /** The next period to charge (1 = the first renewal) and when it falls due. */
    nextPeriod: integer("next_period").notNull().default(1),
    nextChargeAt: text("next_charge_at").notNull(),
    /** Why the subscription stopped (refused renewals, the merchant, the shopper). */
    statusReason: text("status_reason"),
    cancelledBy: text("cancelled_by", { enum: ["merchant", "shopper"] }),
    cancelledAt: text("cancelled_at"),
    createdAt: createdAt(),
  },
  (table) => [
    check("subscription_amount_positive", sql`${table.amount} > 0`),
    index("subscriptions_due").on(table.status, table.nextChargeAt),
  ],
);

/**
 * One row per subscription and period, inserted (one atomic statement) before Klarna is asked for the renewal order:
 * the unique (subscription, period) makes two schedulers charging the same period make one order. A refused attempt
 * keeps the row with its next attempt time (lib/subscriptions/retry-schedule.ts).
 */
export const subscriptionRenewals = sqliteTable(
  "subscription_renewals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    subscriptionId: integer("subscription_id")
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    period: integer("period").notNull(),
    /** charging (claimed, Klarna being asked) → placed, or refused (retried at next_attempt_at) → given_up. */
    status: text("status", { enum: ["charging", "placed", "refused", "given_up"] }).notNull(),
    attempts: integer("attempts").notNull().default(1),
    /** Epoch ms of the current claim. */
    claimedAt: integer("claimed_at").notNull(),
    /** Epoch ms (subscription clock) when a refused renewal is tried again. */
    nextAttemptAt: integer("next_attempt_at"),
    orderNumber: text("order_number").notNull(),
    /** The Klarna-Idempotency-Key of the current attempt: new per attempt, reused when a lost answer is retried. */
    idempotencyKey: text("idempotency_key").notNull(),
    klarnaOrderId: text("klarna_order_id").unique(),
    lastError: text("last_error"),
    /** manual: "charge now" from the back office; schedule: the cron step. */
    trigger: text("trigger", { enum: ["schedule", "manual"] }).notNull(),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [uniqueIndex("subscription_renewals_period").on(table.subscriptionId, table.period)],
);
