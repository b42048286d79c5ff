"""The database's own full-text search: an FTS5 table with triggers on SQLite, GIN indexes on
PostgreSQL (community/search.py queries them). Other databases get nothing.

On SQLite, Django rebuilds a table for most later schema changes (new table, copy, drop, rename),
and dropping the table drops its triggers: a later migration that alters community_post or
community_discussion must create these triggers again (the search tests fail otherwise)."""

from __future__ import annotations

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE community_post_fts USING fts5(title, body, tokenize='porter unicode61')",
    # A post's row holds its discussion's title when it opens the discussion, so titles match.
    """CREATE TRIGGER community_post_fts_insert AFTER INSERT ON community_post BEGIN
        INSERT INTO community_post_fts(rowid, title, body) VALUES (
            new.id,
            CASE WHEN new.is_opening THEN
                (SELECT title FROM community_discussion WHERE id = new.discussion_id)
            ELSE '' END,
            new.body);
    END""",
    """CREATE TRIGGER community_post_fts_update AFTER UPDATE OF body ON community_post BEGIN
        UPDATE community_post_fts SET body = new.body WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER community_post_fts_delete AFTER DELETE ON community_post BEGIN
        DELETE FROM community_post_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER community_discussion_fts_title AFTER UPDATE OF title ON community_discussion
    BEGIN
        UPDATE community_post_fts SET title = new.title WHERE rowid IN (
            SELECT id FROM community_post WHERE discussion_id = new.id AND is_opening);
    END""",
    """INSERT INTO community_post_fts(rowid, title, body)
        SELECT p.id, CASE WHEN p.is_opening THEN d.title ELSE '' END, p.body
        FROM community_post p JOIN community_discussion d ON d.id = p.discussion_id""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS community_discussion_fts_title",
    "DROP TRIGGER IF EXISTS community_post_fts_delete",
    "DROP TRIGGER IF EXISTS community_post_fts_update",
    "DROP TRIGGER IF EXISTS community_post_fts_insert",
    "DROP TABLE IF EXISTS community_post_fts",
]
POSTGRESQL = [
    "CREATE INDEX community_post_body_fts ON community_post "
    "USING GIN (to_tsvector('english'::regconfig, COALESCE(body, '')))",
    "CREATE INDEX community_discussion_title_fts ON community_discussion "
    "USING GIN (to_tsvector('english'::regconfig, COALESCE(title, '')))",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS community_post_body_fts",
    "DROP INDEX IF EXISTS community_discussion_title_fts",
]


def run(statements: dict[str, list[str]]):
    def apply(apps, schema_editor) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
