CREATE TABLE `checkout_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`cart_id` text NOT NULL,
	`market` text NOT NULL,
	`klarna_session_id` text NOT NULL,
	`client_token` text NOT NULL,
	`payment_method_categories` text NOT NULL,
	`callback_token` text NOT NULL,
	`order` text NOT NULL,
	`fingerprint` text NOT NULL,
	`authorization_token` text,
	`placing_at` integer,
	`klarna_order_id` text,
	`redirect_url` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`cart_id`) REFERENCES `carts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkout_sessions_klarna_session_id_unique` ON `checkout_sessions` (`klarna_session_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `checkout_sessions_callback_token_unique` ON `checkout_sessions` (`callback_token`);--> statement-breakpoint
CREATE INDEX `checkout_sessions_by_cart` ON `checkout_sessions` (`cart_id`);--> statement-breakpoint
CREATE TABLE `order_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`klarna_order_id` text NOT NULL,
	`source` text NOT NULL,
	`action` text NOT NULL,
	`outcome` text NOT NULL,
	`detail` text,
	`latency_ms` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `order_events_by_order` ON `order_events` (`klarna_order_id`);--> statement-breakpoint
CREATE TABLE `order_numbers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`klarna_order_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_numbers_klarna_order_id_unique` ON `order_numbers` (`klarna_order_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`klarna_order_id` text NOT NULL,
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
	`shortage` text,
	`ack_claimed_at` integer,
	`acknowledged_at` text,
	`cancelled_at` text,
	`cancel_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`checkout_session_id`) REFERENCES `checkout_sessions`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "amount_not_negative" CHECK("orders"."order_amount" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_klarna_order_id_unique` ON `orders` (`klarna_order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_order_number_unique` ON `orders` (`order_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_access_token_unique` ON `orders` (`access_token`);