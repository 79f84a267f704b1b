import { CheckoutFrameLoading } from "@/components/checkout/checkout-frame";

export default function CheckoutLoading() {
  return <CheckoutFrameLoading label="Preparing your checkout…" />;
}
