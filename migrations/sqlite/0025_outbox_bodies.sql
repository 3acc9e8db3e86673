-- An email's text apart from its delivery state. Each email's row was written three
-- times (queued, claimed by the mail worker, marked sent) and each time whole, its
-- bodies included: some 3 KB, near a page each, so draining a bulk change's hundred
-- thousand emails rewrote two hundred thousand pages while the change itself was still
-- writing. The state row is now a tenth of that (a claim rewrites a few rows per page)
-- and the text is written once, read once at delivery, and goes with its row.
CREATE TABLE outbox_bodies (
    id        TEXT PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE,
    subject   TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL
);
INSERT INTO outbox_bodies (id, subject, body_text, body_html)
    SELECT id, subject, body_text, body_html FROM outbox;
ALTER TABLE outbox DROP COLUMN subject;
ALTER TABLE outbox DROP COLUMN body_text;
ALTER TABLE outbox DROP COLUMN body_html;
