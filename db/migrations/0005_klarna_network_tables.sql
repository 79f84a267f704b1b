-- Klarna payment requests' tables, declared in db/schema.ts (until now made at run time by the provider).
CREATE TABLE IF NOT EXISTS `kn_checkouts` (
	`checkout_session_id` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`payment_request_id` text,
	`payment_request_url` text,
	`state` text NOT NULL,
	`token` text,
	`transaction_id` text,
	`remember` integer DEFAULT false NOT NULL,
	`wallet_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `kn_requests` (
	`payment_request_id` text PRIMARY KEY NOT NULL,
	`checkout_session_id` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `kn_wallets` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_token` text NOT NULL,
	`email` text,
	`created_at` text NOT NULL,
	`removed_at` text
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `kn_webhook_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`event_type` text NOT NULL,
	`subject` text,
	`occurred_at` text NOT NULL,
	`received_at` text NOT NULL,
	`body` text NOT NULL,
	`applied_at` text
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `kn_webhook_events_subject` ON `kn_webhook_events` (`subject`,`applied_at`);--> statement-breakpoint
-- A store that ran before this migration made these tables at run time (same names and columns): IF NOT EXISTS keeps
-- its rows. Its payment-request checkouts were stored as Klarna Payments sessions; they are Klarna payment requests'.
UPDATE `checkout_sessions` SET `provider` = 'klarna-network' WHERE `id` IN (SELECT `checkout_session_id` FROM `kn_checkouts`);
