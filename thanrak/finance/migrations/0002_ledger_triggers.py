"""PostgreSQL guards of the ledger that no code path can get around.

1. A DEFERRABLE INITIALLY DEFERRED constraint trigger checks, at commit, that every journal entry
   touched in the transaction has at least two lines and equal debits and credits.
2. Posted entries and lines are immutable: UPDATE and DELETE are refused (corrections are reversals).
3. A fund that may not lend (a welfare fund) cannot have a loan.
4. A covering partial index of the open installments by due date (INCLUDE is PostgreSQL only).
SQLite has no deferred triggers; there the posting code's own checks stand alone.
"""

from django.db import migrations

BALANCED = """
CREATE OR REPLACE FUNCTION finance_entry_balanced() RETURNS trigger AS $$
DECLARE
    eid bigint;
    d bigint;
    c bigint;
    n integer;
BEGIN
    IF TG_TABLE_NAME = 'finance_journalentry' THEN
        eid := NEW.id;
    ELSE
        eid := COALESCE(NEW.entry_id, OLD.entry_id);
    END IF;
    SELECT COALESCE(SUM(debit_satang), 0), COALESCE(SUM(credit_satang), 0), COUNT(*)
      INTO d, c, n FROM finance_journalline WHERE entry_id = eid;
    IF n < 2 OR d <> c THEN
        RAISE EXCEPTION 'journal entry % is unbalanced: % lines, debits %, credits %', eid, n, d, c
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER finance_journalline_balanced
    AFTER INSERT ON finance_journalline
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION finance_entry_balanced();

CREATE CONSTRAINT TRIGGER finance_journalentry_balanced
    AFTER INSERT ON finance_journalentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION finance_entry_balanced();

CREATE OR REPLACE FUNCTION finance_ledger_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable: correct an entry by reversing it', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER finance_journalline_immutable
    BEFORE UPDATE OR DELETE ON finance_journalline
    FOR EACH ROW EXECUTE FUNCTION finance_ledger_immutable();

CREATE TRIGGER finance_journalentry_immutable
    BEFORE UPDATE OR DELETE ON finance_journalentry
    FOR EACH ROW EXECUTE FUNCTION finance_ledger_immutable();

CREATE OR REPLACE FUNCTION finance_loan_fund_may_lend() RETURNS trigger AS $$
BEGIN
    IF NOT (SELECT can_lend FROM finance_fund WHERE id = NEW.fund_id) THEN
        RAISE EXCEPTION 'fund % may not lend', NEW.fund_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER finance_loan_fund_may_lend
    BEFORE INSERT ON finance_loan
    FOR EACH ROW EXECUTE FUNCTION finance_loan_fund_may_lend();

-- The late open installments, read without touching the table by the month-end run and roll-ups.
CREATE INDEX finance_installment_open_due
    ON finance_installment (due_date)
    INCLUDE (loan_id, version, principal_satang, principal_paid_satang, interest_satang, interest_paid_satang)
    WHERE status = 'OPEN';
"""

DROP = """
DROP INDEX IF EXISTS finance_installment_open_due;
DROP TRIGGER IF EXISTS finance_loan_fund_may_lend ON finance_loan;
DROP FUNCTION IF EXISTS finance_loan_fund_may_lend();
DROP TRIGGER IF EXISTS finance_journalentry_immutable ON finance_journalentry;
DROP TRIGGER IF EXISTS finance_journalline_immutable ON finance_journalline;
DROP FUNCTION IF EXISTS finance_ledger_immutable();
DROP TRIGGER IF EXISTS finance_journalentry_balanced ON finance_journalentry;
DROP TRIGGER IF EXISTS finance_journalline_balanced ON finance_journalline;
DROP FUNCTION IF EXISTS finance_entry_balanced();
"""


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL and does nothing on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):  # noqa: ANN001, ANN201
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # noqa: ANN001, ANN201
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [PostgresOnlySQL(BALANCED, reverse_sql=DROP, elidable=False)]
