import type { Metadata } from "next";

export const metadata: Metadata = { title: "Terms and conditions" };

/** The merchant's terms, linked from the hosted checkout (Kustom requires `merchant_urls.terms`). */
export default function TermsPage() {
  return (
    <article className="prose-page" aria-labelledby="terms-title">
      <h1 id="terms-title" className="page-title">
        Terms and conditions
      </h1>
      <p>
        Trailhead Supply Co. is a demonstration shop. These terms show what a real shop states here; no goods are
        shipped and no money is taken while the store runs against the simulator.
      </p>
      <h2>Prices and payment</h2>
      <p>
        Prices include VAT where it applies; in the United States sales tax is added at checkout. You pay with Klarna,
        whose own terms apply to the payment option you choose. We charge nothing until your order ships.
      </p>
      <h2>Delivery</h2>
      <p>
        We ship within two working days. Food ships only within the EU, and some remote postcodes are not served; the
        checkout tells you before you pay.
      </p>
      <h2>Returns</h2>
      <p>
        You may return unused goods within 30 days of delivery for a full refund of what you paid for them. A refund
        goes back to Klarna, which updates what you owe.
      </p>
      <h2>Contact</h2>
      <p>Questions about an order: reply to your order confirmation, quoting the order number.</p>
    </article>
  );
}
