-- Files a unit sends with an appeal (Art. 38; SPEC §7: "with reasons and files"). Uploaded
-- before the appeal is lodged (held by their uploader, `appeal_id` empty),
-- then claimed by the appeal in its own transaction; unclaimed ones are
-- purged with stale citizen drafts.
ALTER TABLE attachments ADD COLUMN appeal_id INTEGER;
ALTER TABLE attachments ADD COLUMN uploaded_by TEXT;
CREATE INDEX attachments_appeal ON attachments(appeal_id);
