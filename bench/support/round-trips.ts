import { signCartId, CART_COOKIE } from "@/lib/cart/cart-cookie";
import { BENCH_CART_SECRET } from "./servers";

/** Issue 28's ceilings on database round trips per request. */
export const ROUND_TRIP_CEILING = { firstDelivery: 6, duplicate: 3, validation: 3, page: 4 } as const;

/** The store's round trips so far, from `/api/bench/round-trips` (the bench store runs with STORE_COUNT_ROUND_TRIPS=1). */
async function roundTripsSoFar(storeUrl: string): Promise<number> {
  const response = await fetch(`${storeUrl}/api/bench/round-trips`);
  if (!response.ok) throw new Error(`GET /api/bench/round-trips answered ${response.status}: is STORE_COUNT_ROUND_TRIPS=1 set?`);
  return ((await response.json()) as { roundTrips: number }).roundTrips;
}

/**
 * The database round trips one request makes on the store, background work it starts included: the bench sends it
 * alone (nothing else in flight), reads the store's running count before it and, after a pause for that work, after.
 */
export async function roundTripsOf(storeUrl: string, send: () => Promise<Response>, settleMs = 150): Promise<{ status: number; roundTrips: number }> {
  const before = await roundTripsSoFar(storeUrl);
  const response = await send();
  await response.arrayBuffer();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return { status: response.status, roundTrips: (await roundTripsSoFar(storeUrl)) - before };
}

/**
 * The fewest round trips of several requests of one kind, each sent alone: the store's own background work (the
 * reconcile scheduler, an email's retry) may add to one measurement, never take away from it.
 */
export async function fewestRoundTrips(storeUrl: string, sends: readonly (() => Promise<Response>)[]): Promise<{ status: number; roundTrips: number }> {
  let fewest: { status: number; roundTrips: number } | undefined;
  for (const send of sends) {
    const measured = await roundTripsOf(storeUrl, send);
    if (measured.status !== 200) return measured;
    if (!fewest || measured.roundTrips < fewest.roundTrips) fewest = measured;
  }
  return fewest!;
}

/** One line of the bench's output: each request's round trips against its ceiling. */
export function printRoundTrips(rows: readonly { label: string; roundTrips: number; ceiling: number }[]): void {
  const cells = rows.map(({ label, roundTrips, ceiling }) => `${label} ${roundTrips} (goal ≤ ${ceiling}${roundTrips <= ceiling ? "" : ", NOT met"})`);
  console.log(`round trips  ${cells.join(" · ")}`);
}

/** The cookie that makes the bench a shopper with this cart, signed as the bench store signs it. */
export function cartCookie(cartId: string): string {
  return `${CART_COOKIE}=${signCartId(cartId, BENCH_CART_SECRET)}`;
}

/**
 * Round trips of the pages a shopper loads: a product page and the checkout (its first load, which opens the
 * checkout, and a reload), for carts made with the store's own code; the fewest of one measurement per cart.
 */
export async function pageRoundTrips(storeUrl: string, productSlug: string, cartIds: readonly string[]) {
  const product = await fewestRoundTrips(storeUrl, cartIds.map(() => () => fetch(`${storeUrl}/products/${productSlug}`)));
  const checkout = (cartId: string) => () => fetch(`${storeUrl}/checkout`, { headers: { cookie: cartCookie(cartId) } });
  const checkoutFirst = await fewestRoundTrips(storeUrl, cartIds.map(checkout));
  const checkoutAgain = await fewestRoundTrips(storeUrl, cartIds.map(checkout));
  for (const [name, page] of Object.entries({ product, checkoutFirst, checkoutAgain })) {
    if (page.status !== 200) throw new Error(`The ${name} page answered ${page.status}`);
  }
  return { product, checkoutFirst, checkoutAgain };
}

/**
 * The checkout page's time to first byte, reloaded `count` times one after the other for one cart (the checkout
 * already open, as on a shopper's reload), in ms: until the answer's headers, and until the whole document. The page
 * streams (app/(store)/checkout/loading.tsx), so its headers leave before the database is read; the whole document
 * is what waits for every round trip.
 */
export async function checkoutTtfb(storeUrl: string, cartId: string, count = 30) {
  const cookie = cartCookie(cartId);
  const headers: number[] = [];
  const documents: number[] = [];
  for (let i = 0; i < count + 3; i++) {
    const started = performance.now();
    const response = await fetch(`${storeUrl}/checkout`, { headers: { cookie } });
    const headed = performance.now() - started;
    await response.arrayBuffer();
    const whole = performance.now() - started;
    if (response.status !== 200) throw new Error(`The checkout page answered ${response.status}`);
    // The first loads open the checkout and warm the route.
    if (i >= 3) {
      headers.push(headed);
      documents.push(whole);
    }
  }
  const at = (values: number[], share: number) => [...values].sort((a, b) => a - b)[Math.floor(values.length * share)]!;
  return { p50: at(headers, 0.5), p90: at(headers, 0.9), documentP50: at(documents, 0.5), documentP90: at(documents, 0.9), count };
}
