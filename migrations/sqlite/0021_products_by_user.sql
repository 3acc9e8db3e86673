-- The users' products stored in the order of their key (user, product) instead of in
-- the order they were written. A bulk change writes its users in id order (one
-- thousand neighbouring ids a transaction), so their products' rows now sit on a few
-- neighbouring pages; in a table ordered by row number each user's products were on a
-- page of their own, and a suspension of 100,000 users rewrote some 200,000 pages of
-- it. Lookups by user read one place instead of the key's index and then the row.
CREATE TABLE user_products_by_user (
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    account_id  TEXT NOT NULL,
    product     TEXT NOT NULL,
    PRIMARY KEY (user_id, product)
) WITHOUT ROWID;
INSERT INTO user_products_by_user (user_id, account_id, product)
    SELECT user_id, account_id, product FROM user_products ORDER BY user_id, product;
DROP TABLE user_products;
ALTER TABLE user_products_by_user RENAME TO user_products;
CREATE INDEX user_products_by_product ON user_products (account_id, product, user_id);
