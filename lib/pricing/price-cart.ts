import type { Market, TaxClass } from "./markets";
import { minor, sumMinor, taxRate, type Minor } from "./money";
import {
  discountLine,
  itemLine,
  orderTotals,
  proportionalDiscountLines,
  salesTaxLine,
  type LineSubscription,
  type OrderLine,
  type OrderTotals,
} from "./order-lines";

export interface PricedItem {
  reference: string;
  name: string;
  quantity: number;
  unitPrice: Minor;
  taxClass: TaxClass;
  isDigital: boolean;
  imageUrl?: string;
  productUrl?: string;
  /** A subscription product's line carries Klarna's `subscription` object (lib/subscriptions/). */
  subscription?: LineSubscription;
}

export interface OrderDiscount {
  reference: string;
  name: string;
  /** Either a percentage of the goods (0–100) or a fixed amount in minor units. */
  percent?: number;
  amount?: Minor;
}

export interface PricedCart extends OrderTotals {
  market: Market;
  lines: OrderLine[];
  /** Goods before order-level discounts and shipping (tax included in Europe, excluded in the US). */
  subtotal: Minor;
  discount: Minor;
  shipping: Minor;
  requiresShipping: boolean;
  /** How much more in goods gives free shipping; 0 when it already applies or nothing ships. */
  untilFreeShipping: Minor;
}

/**
 * Prices a cart for a market, producing Klarna order lines whose sums are the order amount and tax.
 * Every figure comes from the arguments, which the caller reads from the database: nothing from the browser.
 */
export function priceCart(input: {
  market: Market;
  items: readonly PricedItem[];
  discount?: OrderDiscount;
  /** A shipping option other than the standard one (Express checkout's review page), charged as given. */
  shipping?: { reference: string; name: string; fee: Minor };
}): PricedCart {
  const { market } = input;
  const exclusive = market.taxMode === "exclusive";
  const rateOf = (taxClass: TaxClass) => market.taxRates[taxClass];

  const goods = input.items.map((item) =>
    itemLine({
      type: item.isDigital ? "digital" : "physical",
      reference: item.reference,
      name: item.name,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      // Sales tax is not part of a US line; it goes on its own line below.
      taxRate: exclusive ? taxRate(0) : rateOf(item.taxClass),
      imageUrl: item.imageUrl,
      productUrl: item.productUrl,
      subscription: item.subscription,
    }),
  );
  const subtotal = sumMinor(goods.map((line) => line.total_amount));

  const discountAmount = discountFor(input.discount, subtotal);
  // For the split, a US line is grouped by the sales tax rate that will apply to it.
  const splitBasis = exclusive
    ? goods.map((line, index) => ({ ...line, tax_rate: rateOf(input.items[index]!.taxClass) }))
    : goods;
  const splitDiscount =
    input.discount && discountAmount > 0
      ? proportionalDiscountLines({
          reference: input.discount.reference,
          name: input.discount.name,
          amount: discountAmount,
          lines: splitBasis,
        })
      : [];

  const requiresShipping = input.items.some((item) => !item.isDigital);
  const afterDiscount = subtotal - discountAmount;
  const freeShipping = afterDiscount >= market.freeShippingFrom;
  const shipping = !requiresShipping ? minor(0) : input.shipping ? input.shipping.fee : !freeShipping ? market.shippingFee : minor(0);
  const shippingLines: OrderLine[] = requiresShipping
    ? [
        itemLine({
          type: "shipping_fee",
          reference: input.shipping?.reference ?? "shipping",
          name: input.shipping?.name ?? "Standard shipping",
          quantity: 1,
          unitPrice: shipping,
          taxRate: exclusive || !market.shippingTaxClass ? taxRate(0) : rateOf(market.shippingTaxClass),
        }),
      ]
    : [];

  let lines: OrderLine[];
  if (exclusive) {
    // Klarna shows one discount line; the per-rate split only decides how much of each rate is taxable.
    const discountLines =
      input.discount && discountAmount > 0
        ? [discountLine({ reference: input.discount.reference, name: input.discount.name, amount: discountAmount, taxRate: taxRate(0) })]
        : [];
    const taxable = [
      ...splitBasis.map((line) => ({ amount: line.total_amount, rate: line.tax_rate })),
      ...splitDiscount.map((line) => ({ amount: line.total_amount, rate: line.tax_rate })),
      ...(market.shippingTaxClass
        ? shippingLines.map((line) => ({ amount: line.total_amount, rate: rateOf(market.shippingTaxClass!) }))
        : []),
    ];
    const tax = salesTaxLine(taxable);
    lines = [...goods, ...discountLines, ...shippingLines, ...(tax ? [tax] : [])];
  } else {
    lines = [...goods, ...splitDiscount, ...shippingLines];
  }

  return {
    market,
    lines,
    ...orderTotals(lines),
    subtotal,
    discount: discountAmount,
    shipping,
    requiresShipping,
    untilFreeShipping: requiresShipping && !freeShipping && !input.shipping ? minor(market.freeShippingFrom - afterDiscount) : minor(0),
  };
}

function discountFor(discount: OrderDiscount | undefined, subtotal: Minor): Minor {
  if (!discount) return minor(0);
  if (discount.percent !== undefined) {
    if (discount.percent < 0 || discount.percent > 100) throw new RangeError("A discount percentage is 0–100");
    return minor(Math.round((subtotal * discount.percent) / 100));
  }
  return minor(Math.min(discount.amount ?? 0, subtotal));
}
