import { networkAdminPanel } from "@/components/admin/klarna-network/network-order-panel";

export { networkAdminPanel };
export default networkAdminPanel;
