import { orderPushModule } from "../order-management/push";

/**
 * Klarna Payments' push: merchant_urls.push, "requested when an order is completed", with the order id in the URL
 * (reference/klarna/payments-v1.openapi.json, merchant_urls). Received by app/api/klarna/push.
 */
export const klarnaPaymentsPush = orderPushModule("klarna-payments", "klarna_order_id");
