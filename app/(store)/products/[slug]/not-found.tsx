import Link from "next/link";

export default function ProductNotFound() {
  return (
    <section className="empty-state">
      <h1>We could not find that product</h1>
      <p>It may have been renamed or is no longer sold.</p>
      <Link href="/" className="button button--primary">
        Browse all gear
      </Link>
    </section>
  );
}
