/**
 * A page's loading state while its server component streams in, announced to screen readers. `page`: it stands for a
 * whole page (a route's loading.tsx) and is a screen tall, so the footer is below the fold until the page replaces it
 * and does not shift when it does (Lighthouse's layout shift, bench/lighthouse.ts).
 */
export function LoadingState({ label, page = false }: { label: string; page?: boolean }) {
  return (
    <div className={page ? "loading loading--page" : "loading"} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
