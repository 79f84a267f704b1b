CREATE TABLE `app_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `blocked_shoppers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `blocked_shoppers_kind_value` ON `blocked_shoppers` (`kind`,`value`);--> statement-breakpoint
CREATE TABLE `cart_coupons` (
	`cart_id` text PRIMARY KEY NOT NULL,
	`coupon_code` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`cart_id`) REFERENCES `carts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`coupon_code`) REFERENCES `coupons`(`code`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `cart_items` (
	`cart_id` text NOT NULL,
	`product_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`cart_id`, `product_id`),
	FOREIGN KEY (`cart_id`) REFERENCES `carts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "quantity_range" CHECK("cart_items"."quantity" between 1 and 99)
);
--> statement-breakpoint
CREATE TABLE `carts` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
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
	`order_number` text,
	`coupon_code` text,
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
CREATE UNIQUE INDEX `checkout_sessions_order_number_unique` ON `checkout_sessions` (`order_number`);--> statement-breakpoint
CREATE INDEX `checkout_sessions_by_cart` ON `checkout_sessions` (`cart_id`);--> statement-breakpoint
CREATE TABLE `coupon_claims` (
	`coupon_code` text NOT NULL,
	`checkout_session_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`coupon_code`, `checkout_session_id`),
	FOREIGN KEY (`coupon_code`) REFERENCES `coupons`(`code`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `coupons` (
	`code` text PRIMARY KEY NOT NULL,
	`description` text NOT NULL,
	`kind` text NOT NULL,
	`value` integer NOT NULL,
	`currency` text,
	`max_uses` integer,
	`uses` integer DEFAULT 0 NOT NULL,
	`expires_at` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "coupon_value_positive" CHECK("coupons"."value" > 0),
	CONSTRAINT "coupon_uses_within_limit" CHECK("coupons"."max_uses" is null or "coupons"."uses" <= "coupons"."max_uses")
);
--> statement-breakpoint
CREATE TABLE `merchant_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `merchant_users_email_unique` ON `merchant_users` (`email`);--> statement-breakpoint
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
	`key` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_numbers_key_unique` ON `order_numbers` (`key`);--> statement-breakpoint
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
	`unfulfillable_reason` text,
	`ack_claimed_at` integer,
	`klarna_status` text,
	`captured_amount` integer DEFAULT 0 NOT NULL,
	`refunded_amount` integer DEFAULT 0 NOT NULL,
	`authorization_expires_at` text,
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
CREATE UNIQUE INDEX `orders_access_token_unique` ON `orders` (`access_token`);--> statement-breakpoint
CREATE TABLE `product_prices` (
	`product_id` integer NOT NULL,
	`currency` text NOT NULL,
	`unit_price` integer NOT NULL,
	PRIMARY KEY(`product_id`, `currency`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "price_positive" CHECK("product_prices"."unit_price" > 0)
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`description` text NOT NULL,
	`category` text NOT NULL,
	`tax_class` text NOT NULL,
	`is_digital` integer DEFAULT false NOT NULL,
	`stock` integer NOT NULL,
	`image` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "stock_not_negative" CHECK("products"."stock" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_slug_unique` ON `products` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `products_sku_unique` ON `products` (`sku`);