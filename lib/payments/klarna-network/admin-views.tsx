/** The payment transaction the store made, with its captures and refunds (not Order Management). */
export { networkAdminPanel } from "@/components/admin/klarna-network/network-order-panel";
