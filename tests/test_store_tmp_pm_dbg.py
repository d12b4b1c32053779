from sqlalchemy import text
from facilitation import store
from facilitation.outputs import paper_input as imports
from facilitation.store import forget as privacy
from test_privacy import file_bytes

def test_where(db, tmp_path):
    created = store.create_workshop(db, title="Paper", city="Vienna", country="Austria")
    path = tmp_path / "paper.csv"
    path.write_text("title,scale,driver,author\nMore benches,small,central,Maria Huber\n", encoding="utf-8")
    imports.import_file(db, created.workshop.code, path)
    result = privacy.forget_participant(db, created.workshop.code, "Maria Huber")
    print("RESULT", result)
    found = []
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
        rel = conn.execute(text("SELECT c.oid::regclass::text, pg_relation_size(c.oid) / current_setting('block_size')::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 'i', 't')")).all()
        for r, b in rel:
            data = b"".join(bytes(conn.execute(text("SELECT get_raw_page(:r, :b)"), {"r": r, "b": n}).scalar_one()) for n in range(b))
            if b"Maria Huber" in data:
                found.append(r)
    print("FOUND", found)
    assert b"Maria Huber" not in file_bytes(db)
