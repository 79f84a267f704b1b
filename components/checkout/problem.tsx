import Link from "next/link";

/** A page-sized message with the way back to the shop: an invalid link, an unknown order, a refusal. */
export function Problem({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="empty-state" role="alert">
      <h1>{title}</h1>
      <p>{children}</p>
      <Link href="/" className="button button--primary">
        Back to the shop
      </Link>
    </section>
  );
}
