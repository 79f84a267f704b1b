CREATE TABLE `subscription_renewals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` integer NOT NULL,
	`period` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 1 NOT NULL,
	`claimed_at` integer NOT NULL,
	`next_attempt_at` integer,
	`order_number` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`klarna_order_id` text,
	`last_error` text,
	`trigger` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscription_renewals_klarna_order_id_unique` ON `subscription_renewals` (`klarna_order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscription_renewals_period` ON `subscription_renewals` (`subscription_id`,`period`);--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_order_id` integer NOT NULL,
	`status` text NOT NULL,
	`token_claimed_at` integer,
	`customer_token` text,
	`token_status` text,
	`payment_method_type` text,
	`name` text NOT NULL,
	`market` text NOT NULL,
	`currency` text NOT NULL,
	`locale` text NOT NULL,
	`email` text,
	`interval` text NOT NULL,
	`interval_count` integer NOT NULL,
	`lines` text NOT NULL,
	`amount` integer NOT NULL,
	`tax_amount` integer NOT NULL,
	`shipping_address` text,
	`started_at` text NOT NULL,
	`next_period` integer DEFAULT 1 NOT NULL,
	`next_charge_at` text NOT NULL,
	`status_reason` text,
	`cancelled_by` text,
	`cancelled_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`source_order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "subscription_amount_positive" CHECK("subscriptions"."amount" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_source_order_id_unique` ON `subscriptions` (`source_order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_customer_token_unique` ON `subscriptions` (`customer_token`);--> statement-breakpoint
CREATE INDEX `subscriptions_due` ON `subscriptions` (`status`,`next_charge_at`);--> statement-breakpoint
ALTER TABLE `products` ADD `subscription_interval` text;--> statement-breakpoint
ALTER TABLE `products` ADD `subscription_interval_count` integer;