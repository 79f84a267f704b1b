export default function CheckoutLoading() {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>Preparing your checkout…</span>
    </div>
  );
}
