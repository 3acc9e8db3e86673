-- The account's products for new users (a JSON array of product keys), and the batch a
-- bulk change's audit events share.
ALTER TABLE accounts ADD COLUMN new_user_products TEXT NOT NULL DEFAULT '[]';
ALTER TABLE audit_events ADD COLUMN batch_id TEXT;
