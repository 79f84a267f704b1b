-- Hand-edited after drizzle-kit generate: every order so far is a Klarna Payments order whose provider reference is
-- its Klarna order id, so the copy fills provider and provider_reference from it (drizzle-kit copied columns that
-- do not exist yet).
CREATE TABLE `webhook_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider` text NOT NULL,
	`event_id` text NOT NULL,
	`event_type` text NOT NULL,
	`subject_reference` text NOT NULL,
	`occurred_at` text NOT NULL,
	`received_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`body` text NOT NULL,
	`applied_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_events_provider_event` ON `webhook_events` (`provider`,`event_id`);--> statement-breakpoint
CREATE INDEX `webhook_events_by_subject` ON `webhook_events` (`provider`,`subject_reference`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider` text DEFAULT 'klarna-payments' NOT NULL,
	`provider_reference` text NOT NULL,
	`klarna_order_id` text,
	`order_number` text NOT NULL,
	`access_token` text NOT NULL,
	`checkout_session_id` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`market` text NOT NULL,
	`currency` text NOT NULL,
	`locale` text NOT NULL,
	`email` text,
	`order_amount` integer NOT NULL,
	`order_tax_amount` integer NOT NULL,
	`lines` text NOT NULL,
	`billing_address` text,
	`shipping_address` text,
	`payment_method` text,
	`fraud_status` text,
	`unfulfillable_reason` text,
	`ack_claimed_at` integer,
	`ack_claim_token` text,
	`klarna_status` text,
	`captured_amount` integer DEFAULT 0 NOT NULL,
	`refunded_amount` integer DEFAULT 0 NOT NULL,
	`authorization_expires_at` text,
	`acknowledged_at` text,
	`cancelled_at` text,
	`cancel_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`checkout_session_id`) REFERENCES `checkout_sessions`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "amount_not_negative" CHECK("__new_orders"."order_amount" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_orders`("id", "provider", "provider_reference", "klarna_order_id", "order_number", "access_token", "checkout_session_id", "status", "market", "currency", "locale", "email", "order_amount", "order_tax_amount", "lines", "billing_address", "shipping_address", "payment_method", "fraud_status", "unfulfillable_reason", "ack_claimed_at", "ack_claim_token", "klarna_status", "captured_amount", "refunded_amount", "authorization_expires_at", "acknowledged_at", "cancelled_at", "cancel_reason", "created_at") SELECT "id", 'klarna-payments', "klarna_order_id", "klarna_order_id", "order_number", "access_token", "checkout_session_id", "status", "market", "currency", "locale", "email", "order_amount", "order_tax_amount", "lines", "billing_address", "shipping_address", "payment_method", "fraud_status", "unfulfillable_reason", "ack_claimed_at", NULL, "klarna_status", "captured_amount", "refunded_amount", "authorization_expires_at", "acknowledged_at", "cancelled_at", "cancel_reason", "created_at" FROM `orders`;--> statement-breakpoint
DROP TABLE `orders`;--> statement-breakpoint
ALTER TABLE `__new_orders` RENAME TO `orders`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_klarna_order_id_unique` ON `orders` (`klarna_order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_order_number_unique` ON `orders` (`order_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_access_token_unique` ON `orders` (`access_token`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_provider_reference` ON `orders` (`provider`,`provider_reference`);--> statement-breakpoint
ALTER TABLE `order_events` ADD `provider` text;