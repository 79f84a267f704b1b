import { sql, type SQL } from "drizzle-orm";
import { fixedStatement, readTogether, writeTogether, type Read, type WriteStatement } from "@/db/batch";
import { blockedShoppers, cartCoupons, cartItems, checkoutSessions, couponClaims, coupons, productPrices, products } from "@/db/schema";
import { blockedRead, findBlocked, type BlockedShopper } from "@/lib/admin/block-list";
import { cartProductsOf, productsBySkusRead } from "@/lib/catalogue/products";
import { cartReads, cartViewOf } from "@/lib/cart/cart-view";
import { shippingChoiceFor } from "@/lib/payments/klarna-payments/express/shipping";
import { cartCouponFrom, type Coupon } from "@/lib/coupons/coupons";
import { findProductsBySkus, type StockedProduct } from "@/lib/catalogue/products";
import { sameOrder, sessionOrder, type SessionOrder } from "@/lib/checkout/session-order";
import { SESSION_KEYS, sessionKeysByIdRead, setSessionOrderNumberWrite, type CheckoutSessionKeys } from "@/lib/checkout/session-store";
import { claimCoupon, couponDenialReason } from "@/lib/coupons/coupons";
import type { AddressRead, OrderLineRead } from "@/lib/klarna";
import { orderNumberAllocation } from "@/lib/orders/order-store";
import { DEFAULT_MARKET, getMarket, MARKET_CODES, MARKETS } from "@/lib/pricing/markets";
import { allowedIn, DELIVERY_RULES, isPostcodeServed } from "./delivery";
import type { Denial } from "./denials";
import { normalizeAddress, normalizeEmail, normalizePhone } from "./normalize";

/** An order as Klarna describes it (validation callback body, or an Order Management order). */
export interface OrderUnderValidation {
  purchase_country: string;
  purchase_currency: string;
  order_amount: number;
  order_tax_amount?: number;
  order_lines: readonly OrderLineRead[];
  billing_address?: AddressRead | null;
  shipping_address?: AddressRead | null;
}

const GOODS = new Set(["physical", "digital"]);

type KnownProducts = Map<string, StockedProduct>;

/** The SKUs of the order's goods (physical and digital lines). */
const goodsSkus = (lines: readonly OrderLineRead[]) =>
  lines.filter((line) => GOODS.has(line.type ?? "physical") && line.reference).map((line) => line.reference!);

/**
 * Rules 2 and 4 for an order placed at the provider (finalize): delivery, then the block list, with the ordered
 * products and the block list's entries for the shopper read in one round trip (db/batch.ts), together with the
 * caller's own reads (`alongside`), whose rows come back in the order given.
 */
export async function checkDeliveryAndBlocked(
  order: OrderUnderValidation,
  alongside: readonly Read<unknown>[] = [],
  /**
   * What the caller's own run of the rules read a moment ago (`validateOrder`'s `rulesRead`, place order's): used
   * instead of a round trip when it covers this order (its goods, its shopper) and the caller reads nothing alongside.
   */
  read?: RulesRead,
): Promise<{ denial: Denial | null; alongside: unknown[][] }> {
  if (read && alongside.length === 0 && covers(read, order)) {
    const known = new Map(read.products.map((product) => [product.sku, product]));
    return { denial: (await checkDelivery(order, known)) ?? (await checkBlocked(order, read.hits)), alongside: [] };
  }
  const [productRows, hits, ...rest] = (await readTogether(
    productsBySkusRead(goodsSkus(order.order_lines)),
    blockedRead(blockCandidates(order)),
    ...alongside,
  )) as [StockedProduct[], { kind: string }[], ...unknown[][]];
  const denial = (await checkDelivery(order, new Map(productRows.map((product) => [product.sku, product])))) ?? (await checkBlocked(order, hits));
  return { denial, alongside: rest };
}

/**
 * What `validateOrder` read for an accepted order, for the rules finalize runs again on the purchase it reads
 * (`checkDeliveryAndBlocked`): the cart's products (their category and kind, which delivery needs) and the block
 * list's entries for the shopper it checked, named by that shopper's candidates.
 */
export interface RulesRead {
  products: readonly StockedProduct[];
  candidates: string;
  hits: readonly { kind: string }[];
}

/** Whether `read` answers the delivery and block-list rules for `order`: every good known, the same shopper. */
function covers(read: RulesRead, order: Pick<OrderUnderValidation, "order_lines" | "billing_address" | "shipping_address">): boolean {
  const skus = new Set(read.products.map((product) => product.sku));
  return goodsSkus(order.order_lines).every((sku) => skus.has(sku)) && candidatesKey(order) === read.candidates;
}

/** The shopper's block-list candidates as a set (the same address given as billing and shipping counts once). */
const candidatesKey = (order: Pick<OrderUnderValidation, "billing_address" | "shipping_address">) =>
  JSON.stringify([...new Set(blockCandidates(order).map((candidate) => `${candidate.kind}:${candidate.value}`))].sort());

/** The ordered products by SKU; `read` holds products already read in this call, so only the others are looked up. */
async function productsBySku(lines: readonly OrderLineRead[], read: readonly StockedProduct[] = []): Promise<KnownProducts> {
  const skus = goodsSkus(lines);
  const known: KnownProducts = new Map(read.map((product) => [product.sku, product]));
  const missing = skus.filter((sku) => !known.has(sku));
  if (missing.length > 0) for (const row of await findProductsBySkus(missing)) known.set(row.sku, row);
  return known;
}

/** 1. Every line still in stock at the ordered quantity. */
export async function checkStock(lines: readonly OrderLineRead[], products?: KnownProducts): Promise<Denial | null> {
  const known = products ?? (await productsBySku(lines));
  for (const line of lines) {
    if (!GOODS.has(line.type ?? "physical") || !line.reference) continue;
    const product = known.get(line.reference);
    if (!product || product.stock < line.quantity) {
      return { reason: "out_of_stock", sku: line.reference, detail: `${line.name}: ${product?.stock ?? 0} in stock, ${line.quantity} ordered` };
    }
  }
  return null;
}

/** 2. Every physical item can be shipped to the delivery address; digital items need none. */
export async function checkDelivery(order: OrderUnderValidation, products?: KnownProducts): Promise<Denial | null> {
  const known = products ?? (await productsBySku(order.order_lines));
  // Klarna's default line type is physical, so a line without a type ships too.
  const physical = order.order_lines.filter((line) => (line.type ?? "physical") === "physical" && line.reference);
  if (physical.length === 0) return null;
  const address = order.shipping_address ?? order.billing_address;
  const country = (address?.country ?? order.purchase_country).toUpperCase();
  for (const line of physical) {
    const product = known.get(line.reference!);
    const rule = DELIVERY_RULES.find((candidate) => candidate.sku === line.reference || candidate.category === product?.category);
    if (rule && !allowedIn(rule, country)) {
      return { reason: "undeliverable_country", sku: line.reference!, country, detail: `${line.name} ${rule.countryNote}` };
    }
  }
  if (address?.postal_code && !isPostcodeServed(country, address.postal_code)) {
    return { reason: "undeliverable_postcode", country, detail: `Postcode ${address.postal_code} in ${country} is not served` };
  }
  return null;
}

/** 4. Nobody on the merchant's block list by email, phone number or address. */
export async function checkBlocked(
  order: Pick<OrderUnderValidation, "billing_address" | "shipping_address">,
  /** The block-list entries among the order's candidates, when already read with them (`blockCandidates`). */
  hits?: readonly { kind: string }[],
): Promise<Denial | null> {
  const candidates = blockCandidates(order);
  if (candidates.length === 0) return null;
  const [hit] = hits ?? (await findBlocked(candidates));
  return hit ? { reason: "blocked", detail: `Blocked ${hit.kind}` } : null;
}

/** The order's email addresses, phone numbers and addresses, normalised as the block list keeps them. */
function blockCandidates(order: Pick<OrderUnderValidation, "billing_address" | "shipping_address">) {
  const addresses = [order.billing_address, order.shipping_address].filter((address): address is AddressRead => Boolean(address));
  const candidates: { kind: "email" | "phone" | "address"; value: string }[] = [];
  for (const address of addresses) {
    if (address.email) candidates.push({ kind: "email", value: normalizeEmail(address.email) });
    if (address.phone) {
      candidates.push({ kind: "phone", value: normalizePhone(address.phone, address.country ?? order.billing_address?.country) });
    }
    if (address.street_address) candidates.push({ kind: "address", value: normalizeAddress(address) });
  }
  return candidates;
}

/** 6. Klarna's order is exactly the shopper's server-side cart: same lines, same amounts. */
export function checkCartMatches(order: OrderUnderValidation, cart: SessionOrder | null): Denial | null {
  if (!cart) return { reason: "cart_changed", detail: "The cart is empty" };
  return sameOrder(order, cart)
    ? null
    : { reason: "cart_changed", detail: `Klarna's order of ${order.order_amount} does not match the cart's ${cart.order_amount}` };
}

export type ValidationResult =
  | {
      ok: true;
      orderNumber: string;
      /** The results of the caller's `alongside` writes, when it gave any. */
      alongside?: unknown[];
      /** What the rules read, for finalize's delivery and block-list rules on the same order (`checkDeliveryAndBlocked`). */
      rulesRead: RulesRead;
    }
  | { ok: false; denial: Denial }
  /** Placed by another caller since this one read the checkout (its session as it is now): answer as placed. */
  | { ok: false; placed: CheckoutSessionKeys };

/** What the rules read of the database: the cart's lines, its code, and the block list's entries for the shopper. */
export type ValidationReads = Awaited<ReturnType<typeof readTogether<ReturnType<typeof readsFor>>>>;

/** The rules' reads for a checkout, as `validateOrder` makes them when its caller read nothing (exported for the test that holds `validationReadByCallbackToken` to them). */
export const readsFor = (session: CheckoutSessionKeys, order: OrderUnderValidation) =>
  [...cartReads(session.cartId, getMarket(session.market), session.id), blockedRead(blockCandidates(order))] as const;

const currencyOfMarket = (market: SQL) =>
  sql`(case ${market} ${sql.join(
    MARKET_CODES.map((code) => sql`when ${code} then ${MARKETS[code].currency}`),
    sql` `,
  )} else ${MARKETS[DEFAULT_MARKET].currency} end)`;

/**
 * The checkout with a callback token and everything `validateOrder` reads for it, in one statement (one round trip,
 * and on libSQL one statement to compile instead of a batch of four between BEGIN and COMMIT): the checkout's keys,
 * and with them, as JSON, the cart's lines with their products priced in the checkout's market's currency (an item
 * without a price there is left out, as `cartLinesRead` does), the cart's code with whether this checkout holds a use
 * of it (as `cartCouponRead`), and the block list's entries among the order's shoppers (as `blockedRead`). No row if
 * no checkout has the token. Built once; a validation binds the token and the shoppers' pairs.
 */
const validationRead = fixedStatement(sql`select ${sql.join(Object.values(SESSION_KEYS), sql`, `)},
  (select json_group_array(json_array(${products.id}, ${products.slug}, ${products.sku}, ${products.name}, ${products.category},
      ${products.taxClass}, ${products.isDigital}, ${products.stock}, ${products.image}, ${productPrices.unitPrice},
      ${products.subscriptionInterval}, ${products.subscriptionIntervalCount}, ${cartItems.quantity}) order by ${cartItems.addedAt}, ${cartItems.productId})
    from ${cartItems}
    join ${products} on ${products.id} = ${cartItems.productId}
    join ${productPrices} on ${productPrices.productId} = ${products.id} and ${productPrices.currency} = ${currencyOfMarket(sql`${checkoutSessions.market}`)}
    where ${cartItems.cartId} = ${checkoutSessions.cartId}),
  (select json_array(${coupons.code}, ${coupons.description}, ${coupons.kind}, ${coupons.value}, ${coupons.currency}, ${coupons.maxUses},
      ${coupons.uses}, ${coupons.expiresAt}, ${coupons.active}, ${coupons.createdAt},
      exists (select 1 from ${couponClaims} where ${couponClaims.couponCode} = ${coupons.code} and ${couponClaims.checkoutSessionId} = ${checkoutSessions.id}))
    from ${cartCoupons} join ${coupons} on ${coupons.code} = ${cartCoupons.couponCode}
    where ${cartCoupons.cartId} = ${checkoutSessions.cartId}),
  (select json_group_array(json_array(${blockedShoppers.kind}, ${blockedShoppers.value})) from ${blockedShoppers}
    where (${blockedShoppers.kind}, ${blockedShoppers.value}) in
      (select json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(${sql.placeholder("pairs")})))
  from ${checkoutSessions} where ${checkoutSessions.callbackToken} = ${sql.placeholder("token")}`);

const SESSION_KEY_NAMES = Object.keys(SESSION_KEYS);
/** A cart line as the statement's JSON gives it, in the order of its `json_array` (booleans as 0 or 1). */
type CartLineTuple = [
  ...[id: number, slug: string, sku: string, name: string, category: string, taxClass: CartLine["taxClass"], isDigital: number],
  ...[stock: number, image: string, price: number, interval: CartLine["subscriptionInterval"], intervalCount: number | null, quantity: number],
];
type CouponTuple = [string, string, Coupon["kind"], number, string | null, number | null, number, string | null, number, string, number];
type CartLine = ValidationReads[0][number];

/**
 * The checkout with this callback token and what `validateOrder` reads for it, in one round trip: the checkout's keys
 * (null if no checkout has the token) and the rules' reads, for `validateOrder`.
 */
export async function validationReadByCallbackToken(
  token: string,
  order: OrderUnderValidation,
): Promise<{ session: CheckoutSessionKeys | null; read: ValidationReads }> {
  const pairs = JSON.stringify(blockCandidates(order).map(({ kind, value }) => [kind, value]));
  const [row] = await validationRead({ token, pairs });
  if (!row) return { session: null, read: [[], [], []] };
  const session = Object.fromEntries(SESSION_KEY_NAMES.map((name, index) => [name, row[index]])) as unknown as CheckoutSessionKeys;
  const keys = SESSION_KEY_NAMES.length;
  const [lines, coupon, blocked] = [row[keys], row[keys + 1], row[keys + 2]];
  const lineRows = (JSON.parse(lines as string) as CartLineTuple[]).map(
    ([id, slug, sku, name, category, taxClass, isDigital, stock, image, price, subscriptionInterval, subscriptionIntervalCount, quantity]) => ({
      id,
      slug,
      sku,
      name,
      category,
      taxClass,
      isDigital: Boolean(isDigital),
      stock,
      image,
      price,
      subscriptionInterval,
      subscriptionIntervalCount,
      quantity,
    }),
  );
  const couponRows: ValidationReads[1] = [];
  if (typeof coupon === "string") {
    const [code, description, kind, value, currency, maxUses, uses, expiresAt, active, createdAt, claimed] = JSON.parse(coupon) as CouponTuple;
    couponRows.push({ coupon: { code, description, kind, value, currency, maxUses, uses, expiresAt, active: Boolean(active), createdAt }, claimed });
  }
  const hits = (JSON.parse(blocked as string) as [BlockedShopper["kind"], string][]).map(([kind, value]) => ({ kind, value }));
  return { session, read: [lineRows, couponRows, hits] };
}

/**
 * The merchant's checks on an order before it is accepted, shared by Klarna's validation callback and the
 * place-order step so both agree. On success the order number is given (3) and the coupon claimed (5).
 */
export async function validateOrder(
  session: CheckoutSessionKeys,
  order: OrderUnderValidation,
  /** What the rules read, when the caller read it with the session (`validationReadByCallbackToken`). */
  read?: ValidationReads,
  /**
   * The caller's writes for an accepted order (a placement's claim), written in the same batch as the order number
   * (db/batch.ts `writeTogether`), after it; their results come back, in the order given, as `alongside`.
   */
  alongside: readonly WriteStatement[] = [],
): Promise<ValidationResult> {
  const market = getMarket(session.market);
  // The cart, its code and the block list's entries for this shopper in one round trip (db/batch.ts): the block
  // list is only consulted if every other rule passes, but reading it with the rest costs no extra trip.
  // With them, the checkout as it is now: the other caller (the browser, or the provider's callback or webhook) may
  // have placed its order since the caller read it, and that placement's creation batch empties the cart with its
  // record, so the rules would judge an empty cart. That is no refusal: the order exists.
  const [lineRows, couponRows, blockedHits, now] = read
    ? [...read, null]
    : await readTogether(...readsFor(session, order), sessionKeysByIdRead(session.id));
  const placed = now?.[0];
  if (!session.providerReference && placed?.providerReference) return { ok: false, placed };
  const shipping = shippingChoiceFor(session.shippingOption, market);
  const cart = cartViewOf(cartProductsOf(lineRows), cartCouponFrom(couponRows), market, undefined, shipping);
  const cartOrder = cart.priced && cart.canCheckout ? sessionOrder(cart.priced) : null;
  // A code used up or expired since the shopper entered it: say so, rather than "the cart changed".
  const couponGone =
    cart.coupon && cart.couponProblem
      ? { reason: couponDenialReason(cart.coupon), detail: `Code ${cart.coupon.code}: ${cart.couponProblem}` }
      : null;
  // The cart's products, just read, serve the stock and the delivery rules; only a line that is not in the cart
  // (Klarna's order differs from it) is looked up (Klarna waits 3 s at most).
  const products = await productsBySku(
    order.order_lines,
    cart.lines.map((line) => line.product),
  );
  const denial =
    (await checkStock(order.order_lines, products)) ??
    couponGone ??
    checkCartMatches(order, cartOrder) ??
    (await checkDelivery(order, products)) ??
    (await checkBlocked(order, blockedHits));
  if (denial) return { ok: false, denial };

  // A checkout that already holds its use of the code (a repeated validation) has nothing to claim; the claim is one
  // write batch (lib/coupons/coupons.ts).
  if (cart.coupon && !cart.couponProblem && !cart.couponClaimed) {
    const claim = await claimCoupon(cart.coupon.code, session.id);
    if (!claim.ok) return { ok: false, denial: { reason: claim.reason, detail: `Code ${cart.coupon.code}` } };
  }
  const rulesRead: RulesRead = { products: [...products.values()], candidates: candidatesKey(order), hits: blockedHits };
  if (session.orderNumber) {
    return alongside.length > 0
      ? { ok: true, orderNumber: session.orderNumber, alongside: await writeTogether(alongside, "validated"), rulesRead }
      : { ok: true, orderNumber: session.orderNumber, rulesRead };
  }
  // The number's allocation, its write on the session and the caller's statements, in one write batch.
  const allocation = orderNumberAllocation(`session:${session.id}`);
  const [, written, ...rest] = (await writeTogether(
    [allocation.insert, setSessionOrderNumberWrite(session.id, allocation.number), ...alongside],
    "orderNumber",
  )) as [unknown, { orderNumber: string | null }[], ...unknown[]];
  const orderNumber = written[0]?.orderNumber;
  if (!orderNumber) throw new Error(`No order number for checkout ${session.id}`);
  return alongside.length > 0 ? { ok: true, orderNumber, alongside: rest, rulesRead } : { ok: true, orderNumber, rulesRead };
}
