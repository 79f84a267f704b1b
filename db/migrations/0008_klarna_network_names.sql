-- One name per provider: Klarna payment requests' tables are named after its id (klarna-network), rows kept.
ALTER TABLE `kn_checkouts` RENAME TO `klarna_network_checkouts`;
--> statement-breakpoint
ALTER TABLE `kn_requests` RENAME TO `klarna_network_requests`;
--> statement-breakpoint
ALTER TABLE `kn_wallets` RENAME TO `klarna_network_wallets`;
