import type { Metadata } from "next";
import { OrderLookupForm } from "@/components/email/lookup-form";

export const metadata: Metadata = { title: "Find my order", robots: { index: false } };

interface Props {
  searchParams: Promise<{ link?: string }>;
}

const LINK_PROBLEMS: Record<string, string> = {
  expired: "That link has expired: links to an order work for 24 hours. Ask for a new one below.",
  invalid: "That link is not valid; it may have been cut short by your email program. Ask for a new one below.",
};

/** "Find my order": the order number and email mail a signed link to the order page (lib/email/lookup.ts). */
export default async function OrderLookupPage({ searchParams }: Props) {
  const { link } = await searchParams;
  const linkProblem = link ? LINK_PROBLEMS[link] : undefined;
  return (
    <section className="receipt" aria-labelledby="lookup-title">
      <h1 id="lookup-title" className="page-title">
        Find my order
      </h1>
      {linkProblem ? (
        <p className="notice notice--warning" role="alert">
          {linkProblem}
        </p>
      ) : null}
      <p className="checkout-note">
        Enter the order number from your confirmation email and the email address you paid with. We will email you a
        link to the order.
      </p>
      <OrderLookupForm />
    </section>
  );
}
