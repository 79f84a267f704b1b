import type { Metadata } from "next";
import Link from "next/link";
import { findProductNameBySku } from "@/lib/catalogue/products";
import { DENIAL_REASONS, type DenialReason } from "@/lib/validation/denials";

export const metadata: Metadata = { title: "We could not accept this order", robots: { index: false } };

interface Props {
  searchParams: Promise<{ reason?: string; item?: string; country?: string }>;
}

const regions = new Intl.DisplayNames(["en"], { type: "region" });

/** Countries whose English name takes "the". */
const WITH_ARTICLE = new Set(["US", "GB", "NL", "AE", "CZ", "PH"]);

function countryName(code: string | undefined): string {
  if (!code || !/^[A-Za-z]{2}$/.test(code)) return "your country";
  const upper = code.toUpperCase();
  const name = regions.of(upper) ?? upper;
  return WITH_ARTICLE.has(upper) ? `the ${name}` : name;
}

/** Where Klarna's validation sends a shopper whose order the store refused: what happened, in plain words. */
export default async function RejectedPage({ searchParams }: Props) {
  const { reason: given, item, country } = await searchParams;
  const reason: DenialReason | null = DENIAL_REASONS.includes(given as DenialReason) ? (given as DenialReason) : null;
  const product = item && /^[A-Z0-9-]{3,32}$/.test(item) ? await findProductNameBySku(item) : null;
  const itemName = product?.name ?? "An item in your cart";
  const where = countryName(country);

  const explanation: Record<DenialReason, { title: string; body: string }> = {
    out_of_stock: {
      title: `${itemName} just sold out`,
      body: "Someone bought the last one while you were paying. Remove it or lower the quantity in your cart, then check out again.",
    },
    undeliverable_country: {
      title: `We cannot ship ${product ? product.name : "an item in your cart"} to ${where}`,
      body: "Remove it from your cart, or choose a delivery address in a country we can ship it to.",
    },
    undeliverable_postcode: {
      title: "We cannot deliver to that postcode",
      body: `Our carrier does not serve this postcode in ${where}. Please use another delivery address.`,
    },
    blocked: {
      title: "We cannot accept this order",
      body: "We are unable to sell to these customer details. Please contact our customer service if you think this is a mistake.",
    },
    coupon_used: {
      title: "Your discount code has already been used",
      body: "It could only be used once. Remove the code in your cart to check out at the full price.",
    },
    coupon_expired: {
      title: "Your discount code has expired",
      body: "Remove the code in your cart to check out at the full price.",
    },
    cart_changed: {
      title: "Your cart changed while you were paying",
      body: "The order Klarna had did not match your cart any more, for example because you changed it in another window. Check your cart and pay again.",
    },
  };
  const text = reason
    ? explanation[reason]
    : { title: "We could not accept this order", body: "Please check your cart and try again." };

  return (
    <section className="empty-state rejection" aria-labelledby="rejected-title">
      <svg aria-hidden="true" width="56" height="56" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round">
        <circle cx="12" cy="12" r="10" />
        <path d="M12 7v6M12 16.5v.5" />
      </svg>
      <h1 id="rejected-title">{text.title}</h1>
      <p>{text.body}</p>
      <p className="checkout-note">Nothing was charged. Klarna has not taken any payment for this order.</p>
      <Link href="/cart" className="button button--primary">
        Back to your cart
      </Link>
    </section>
  );
}
