/** The receipt's own loading state, so the shopper who has paid never sees "Preparing your checkout…" again. */
export default function ConfirmationLoading() {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>Confirming your order…</span>
    </div>
  );
}
