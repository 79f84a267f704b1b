import { LoadingState } from "@/components/layout/loading-state";

/** The receipt's own loading state, so the shopper who has paid never sees "Preparing your checkout…" again. */
export default function ConfirmationLoading() {
  return <LoadingState label="Confirming your order…" page />;
}
