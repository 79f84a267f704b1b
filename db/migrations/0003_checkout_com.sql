CREATE TABLE `checkout_com_actions` (
	`action_id` text PRIMARY KEY NOT NULL,
	`payment_id` text NOT NULL,
	`outcome` text NOT NULL,
	`requested_at` integer NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `checkout_com_actions_payment` ON `checkout_com_actions` (`payment_id`);--> statement-breakpoint
CREATE TABLE `checkout_com_payments` (
	`payment_id` text PRIMARY KEY NOT NULL,
	`observed_at` integer NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `checkout_com_webhook_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`subject_id` text NOT NULL,
	`created_on` text NOT NULL,
	`applied` integer DEFAULT false NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `checkout_com_webhook_events_subject` ON `checkout_com_webhook_events` (`subject_id`,`applied`);