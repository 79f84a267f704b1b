import Link from "next/link";

export default function NotFound() {
  return (
    <main className="site-main">
      <section className="empty-state">
        <h1>Page not found</h1>
        <p>The page you are looking for does not exist.</p>
        <Link href="/" className="button button--primary">
          Back to the shop
        </Link>
      </section>
    </main>
  );
}
