# Search that forgives (issue 15, point 7): the desk's search document takes the verdict, the
# appearances' outlets and (through claims_claimsearchpart, from evidence's own trigger) the evidence;
# a vocabulary of the corpus's words corrects typos, with pg_trgm where the server offers it.

import django.contrib.postgres.search
import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models, transaction

TRIGRAM_INDEX = "search_word_trigram"

FUNCTIONS = r"""
CREATE AGGREGATE claims_tsvector_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');

-- The words of a text as the vocabulary keeps them: lower case, letters only, 3 to 40 long.
CREATE FUNCTION claims_search_words(p_text text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
    SELECT word FROM unnest(tsvector_to_array(to_tsvector('simple', coalesce(p_text, '')))) AS word
    WHERE length(word) BETWEEN 3 AND 40 AND word ~ '^[[:alpha:]]+$'
$$;

CREATE FUNCTION claims_search_words_add(p_text text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- In order, so two transactions adding the same words wait for each other instead of deadlocking.
    INSERT INTO claims_searchword (word)
    SELECT DISTINCT word FROM claims_search_words(p_text) AS word ORDER BY word
    ON CONFLICT DO NOTHING;
END
$$;

-- One row's share of its claim's search document: replaced (or removed when p_vector is null), then
-- the claim (and the claim it left, if it moved) recomputes its vector in its own trigger.
CREATE FUNCTION claims_search_part_set(
    p_kind text, p_key bigint, p_claim bigint, p_vector tsvector, p_text text
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_old_claim bigint;
BEGIN
    DELETE FROM claims_claimsearchpart WHERE kind = p_kind AND key = p_key RETURNING claim_id INTO v_old_claim;
    IF p_vector IS NOT NULL THEN
        INSERT INTO claims_claimsearchpart (kind, key, claim_id, vector) VALUES (p_kind, p_key, p_claim, p_vector);
        PERFORM claims_search_words_add(p_text);
    END IF;
    UPDATE claims_claim SET claimant_id = claimant_id WHERE id = p_claim OR id = v_old_claim;
END
$$;

-- One searched word as a tsquery (claims.search): its forms (a prefix of its stem when
-- p_prefix), and when no word of the vocabulary begins with it, up to three words of the vocabulary
-- one edit away (among p_candidates, its edit-distance-1 spellings); where none is and pg_trgm is
-- used ('trigram'), up to three words by trigram similarity (two typos in a long word).
CREATE FUNCTION claims_search_term(p_word text, p_prefix boolean, p_candidates text[], p_typos text)
RETURNS tsquery LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_query tsquery := to_tsquery('english', quote_literal(p_word) || CASE WHEN p_prefix THEN ':*' ELSE '' END);
    v_words text[];
BEGIN
    IF p_typos = 'none' OR EXISTS (
        SELECT 1 FROM claims_searchword
        WHERE word >= p_word COLLATE "C" AND word < (p_word || chr(1114111)) COLLATE "C"
    ) THEN
        RETURN v_query;
    END IF;
    IF p_typos = 'auto' THEN
        p_typos := CASE WHEN EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')
                        THEN 'trigram' ELSE 'vocabulary' END;
    END IF;
    -- One index probe per spelling (a plain "= ANY" can be planned as a scan of the whole vocabulary).
    SELECT array_agg(word) INTO v_words
    FROM (
        SELECT candidate.word FROM unnest(p_candidates) AS candidate (word)
        WHERE EXISTS (SELECT 1 FROM claims_searchword s WHERE s.word = candidate.word COLLATE "C")
        ORDER BY candidate.word LIMIT 3
    ) AS close;
    IF v_words IS NULL AND p_typos = 'trigram' THEN
        -- Dynamic: this text names pg_trgm's operator, which a server without it could not parse.
        EXECUTE 'SELECT array_agg(word) FROM (SELECT word FROM claims_searchword WHERE word % $1'
                ' AND similarity(word, $1) >= 0.45 ORDER BY similarity(word, $1) DESC, word LIMIT 3) AS close'
            INTO v_words USING p_word;
    END IF;
    IF v_words IS NULL THEN
        RETURN v_query;
    END IF;
    RETURN v_query || to_tsquery('english', array_to_string(
        ARRAY(SELECT quote_literal(word) FROM unnest(v_words) AS word), ' | '));
END
$$;
"""

FUNCTIONS_DROP = """
DROP FUNCTION claims_search_term(text, boolean, text[], text);
DROP FUNCTION claims_search_part_set(text, bigint, bigint, tsvector, text);
DROP FUNCTION claims_search_words_add(text);
DROP FUNCTION claims_search_words(text);
DROP AGGREGATE claims_tsvector_agg(tsvector);
"""

# What the claims already written contribute: the verdicts and outlets, and the words of all.
BACKFILL = """
INSERT INTO claims_claimsearchpart (kind, key, claim_id, vector)
SELECT 'verdict', id, claim_id,
       setweight(to_tsvector('english', concat_ws(' ', headline, conclusion, analysis)), 'C')
FROM claims_verdict;
INSERT INTO claims_claimsearchpart (kind, key, claim_id, vector)
SELECT 'appearance', id, claim_id, setweight(to_tsvector('english', outlet), 'C') FROM claims_appearance;
INSERT INTO claims_searchword (word)
SELECT DISTINCT word FROM (
    SELECT claims_search_words(concat_ws(' ', text, summary)) AS word FROM claims_claim
    UNION ALL SELECT claims_search_words(name) FROM claims_claimant
    UNION ALL SELECT claims_search_words(concat_ws(' ', headline, conclusion, analysis)) FROM claims_verdict
    UNION ALL SELECT claims_search_words(outlet) FROM claims_appearance
) AS words
ON CONFLICT DO NOTHING;
UPDATE claims_claim SET claimant_id = claimant_id;
"""


def trigram_index_create(apps, schema_editor):
    """Where the server offers pg_trgm, install it and index the vocabulary by trigrams; elsewhere
    nothing, and typos are corrected by edit-distance-1 spellings (claims.search)."""
    cursor = schema_editor.connection.cursor()
    cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')")
    if not cursor.fetchone()[0]:
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as error:  # offered but not ours to install (no privilege): the vocabulary path
        print(f"\n  pg_trgm not installed ({str(error).splitlines()[0]}); typos use the vocabulary")
        return
    cursor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON claims_searchword USING gin (word gin_trgm_ops)"
    )


def trigram_index_drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0010_review_content"),
    ]

    operations = [
        migrations.CreateModel(
            name='ClaimSearchPart',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(help_text='The contributing table, e.g. evidence', max_length=20)),
                ('key', models.BigIntegerField(help_text="The contributing row's id")),
                ('vector', django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('word', models.CharField(db_collation='C', max_length=40, primary_key=True, serialize=False)),
            ],
        ),
        migrations.RunSQL(FUNCTIONS, FUNCTIONS_DROP),
        pgtrigger.migrations.RemoveTrigger(
            model_name='claim',
            name='claim_search_vector',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='claimant',
            name='claimant_name_reindexes_claims',
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='appearance',
            trigger=pgtrigger.compiler.Trigger(name='appearance_search_part', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF TG_OP = 'DELETE' THEN\n    PERFORM claims_search_part_set('appearance', OLD.id, OLD.claim_id, NULL, NULL);\n    RETURN NULL;\nEND IF;\nIF TG_OP = 'UPDATE' AND OLD.claim_id IS NOT DISTINCT FROM NEW.claim_id AND OLD.outlet IS NOT DISTINCT FROM NEW.outlet THEN\n    RETURN NULL;\nEND IF;\nPERFORM claims_search_part_set('appearance', NEW.id, NEW.claim_id, setweight(to_tsvector('english', NEW.outlet), 'C'), NEW.outlet);\nRETURN NULL;\n", hash='787cb1be2c355475bd365bb3c4d206c9ca55d210', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_appearance_search_part_b4190', table='claims_appearance', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='claim',
            trigger=pgtrigger.compiler.Trigger(name='claim_search_vector', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nNEW.search_vector :=\n    setweight(to_tsvector('english', coalesce(NEW.text, '')), 'A')\n    || setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'A')\n    || setweight(to_tsvector('english', coalesce(\n        (SELECT name FROM claims_claimant WHERE id = NEW.claimant_id), '')), 'B')\n    || coalesce((SELECT claims_tsvector_agg(vector) FROM claims_claimsearchpart WHERE claim_id = NEW.id), '');\nIF TG_OP = 'INSERT' OR NEW.text IS DISTINCT FROM OLD.text OR NEW.summary IS DISTINCT FROM OLD.summary\n        OR NEW.claimant_id IS DISTINCT FROM OLD.claimant_id THEN\n    PERFORM claims_search_words_add(concat_ws(' ', NEW.text, NEW.summary,\n        (SELECT name FROM claims_claimant WHERE id = NEW.claimant_id)));\nEND IF;\nRETURN NEW;\n", hash='4fa41811aa08a5ee7ff8cadd3b92b4a2e9bc1cf2', operation='INSERT OR UPDATE', pgid='pgtrigger_claim_search_vector_3e055', table='claims_claim', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='claimant',
            trigger=pgtrigger.compiler.Trigger(name='claimant_name_reindexes_claims', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."name" IS DISTINCT FROM (NEW."name"))', func='PERFORM claims_search_words_add(NEW.name); UPDATE claims_claim SET claimant_id = claimant_id WHERE claimant_id = NEW.id; RETURN NULL;', hash='a829f4ea1f6efb2b81f0d4b3683ae1b2b1cfda78', operation='UPDATE', pgid='pgtrigger_claimant_name_reindexes_claims_a5aff', table='claims_claimant', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='verdict',
            trigger=pgtrigger.compiler.Trigger(name='verdict_search_part', sql=pgtrigger.compiler.UpsertTriggerSql(func="\nIF TG_OP = 'DELETE' THEN\n    PERFORM claims_search_part_set('verdict', OLD.id, OLD.claim_id, NULL, NULL);\n    RETURN NULL;\nEND IF;\nIF TG_OP = 'UPDATE' AND OLD.claim_id IS NOT DISTINCT FROM NEW.claim_id AND OLD.headline IS NOT DISTINCT FROM NEW.headline AND OLD.conclusion IS NOT DISTINCT FROM NEW.conclusion AND OLD.analysis IS NOT DISTINCT FROM NEW.analysis THEN\n    RETURN NULL;\nEND IF;\nPERFORM claims_search_part_set('verdict', NEW.id, NEW.claim_id, setweight(to_tsvector('english', concat_ws(' ', NEW.headline, NEW.conclusion, NEW.analysis)), 'C'), concat_ws(' ', NEW.headline, NEW.conclusion, NEW.analysis));\nRETURN NULL;\n", hash='8f3e7850a452194a6cfd9dcaf4deab8ca94fbe22', operation='INSERT OR UPDATE OR DELETE', pgid='pgtrigger_verdict_search_part_f3e7c', table='claims_verdict', when='AFTER')),
        ),
        migrations.AddField(
            model_name='claimsearchpart',
            name='claim',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='claims.claim'),
        ),
        migrations.AddIndex(
            model_name='claimsearchpart',
            index=models.Index(fields=['claim'], name='claim_search_part_claim'),
        ),
        migrations.AddConstraint(
            model_name='claimsearchpart',
            constraint=models.UniqueConstraint(fields=('kind', 'key'), name='claim_search_part_one_per_row'),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.RunPython(trigram_index_create, trigram_index_drop),
    ]
