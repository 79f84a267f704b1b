import { orderPushModule } from "../order-management/push";

/**
 * Kustom Checkout's push, about 2 minutes after the purchase and again until acknowledged, the order id in the URL
 * (reference/kustom/notes.md §7, reference/seeds/000_2578b757ddaf6bb2.txt). Received by app/api/kustom/push.
 */
export const kustomPush = orderPushModule("kustom", "kustom_order_id");
