"use client";

export default function StoreError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="empty-state" role="alert">
      <h1>Something went wrong on our side</h1>
      <p>Your cart is safe. Please try again in a moment.</p>
      <button type="button" className="button button--primary" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
