import { LoadingState } from "@/components/layout/loading-state";

export default function CheckoutLoading() {
  return <LoadingState label="Preparing your checkout…" />;
}
