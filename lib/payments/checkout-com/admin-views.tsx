import { CheckoutComFacts, CheckoutComPanel, CheckoutComPill } from "@/components/admin/checkout-com/checkout-com-order";
import { moneyFormatter } from "@/lib/admin/format";
import { orderRowByNumber } from "@/lib/admin/order-by-number";
import type { AdminOrderPanelOf } from "../views-contract";
import { loadCheckoutComOrder } from "./admin";

/** Managed through Checkout.com's payment, not Klarna's Order Management: its balances, actions and forms. */
export const checkoutComAdminPanel: AdminOrderPanelOf = async (row) => {
  const detail = await loadCheckoutComOrder(row, moneyFormatter(row));
  const { payment, state } = detail;
  // Read after the sync, so the status and amounts it wrote on the row are the ones the page shows.
  const order = (await orderRowByNumber(row.orderNumber)) ?? detail.order;
  const balances = payment?.balances;
  return {
    order,
    statusOf: order,
    pill: <CheckoutComPill detail={detail} />,
    problem: detail.problem,
    amounts: {
      authorized: balances?.total_authorized ?? order.orderAmount,
      captured: balances?.total_captured ?? state?.captured ?? 0,
      refunded: balances?.total_refunded ?? state?.refunded ?? 0,
      remaining: balances ? balances.available_to_capture : null,
      remainingLabel: "Left to capture",
    },
    // The lines as the store sold them; Checkout.com's balances (the amounts) say what is captured and refunded.
    ledger: null,
    main: <CheckoutComPanel detail={detail} />,
    side: <CheckoutComFacts detail={detail} />,
    eventsHint: "Newest first: the shopper's return, Checkout.com's webhooks and every change made here.",
  };
};

export default checkoutComAdminPanel;
