"""Fixed queries of the hot paths, compiled to SQL once per process (issue 21).

Every action through `workflow.services.perform` runs the same few SELECTs (the plan's lock, the
permissions, the conditions, the open flow tasks), differing only in a plan's or a user's id.
Django builds and compiles each of them again on every call, about 0.5–1 ms of Python a query
here, more than the database spends on it. A `CompiledQuery` is written as an ordinary queryset
whose variable values are `Param("name", field)` placeholders; its SQL is compiled on first use,
then each call binds the values and runs it through the connection's cursor (so the statement
is counted, logged and wrapped like any other), making model instances (with their
`select_related` objects and annotations) or value rows exactly as the queryset would.

    OPEN_REVIEWS = CompiledQuery(lambda: Task.objects.filter(plan_id=Param("plan", IntegerField()), status="open"))
    tasks = OPEN_REVIEWS.instances(plan=plan.pk)

Only for querysets that a Param can describe whole: no `.get()` (use `one()`), no prefetching, no
deferred loading. The instance rows follow Django 5.2's ModelIterable (django.db.models.query).

Reads that a later step will surely ask can be sent ahead, together with one that must come first
(`read_together`: the plan's lock and what perform reads after it), and their answers kept on an
object (`keep_answers`) for the one later call that asks the same query with the same values
(`kept_on=`): that call takes the kept answer instead of a round trip of its own.
"""

import threading
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Expression
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators


class Param(Expression):
    """A value bound at each run of a CompiledQuery, in place of a constant of the queryset.

    `output_field` prepares the value for the database (as a filter on that field would)."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]  # the placeholder stays in the params; CompiledQuery puts the value there

    def __repr__(self):
        return f"Param({self.name!r})"


class _Compiled:
    """One query's SQL and what reading its rows needs, for one database alias."""

    def __init__(self, queryset, using):
        self.using = using
        self.model = queryset.model
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        self.sql = sql
        # The params in order: a Param's name where a value is bound, else the constant itself.
        self.params = [(param.name, param.output_field, None) if isinstance(param, Param) else (None, None, param) for param in params]
        self.names = {name for name, _field, _constant in self.params if name is not None}
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        self.converters = compiler.get_converters(fields)
        self.compiler = compiler
        # Model rows (an iterable that adds nothing to ModelIterable's, as viewflow's uncoerced
        # TaskIterable) or values_list() tuples.
        self.models = issubclass(queryset._iterable_class, ModelIterable)
        if getattr(queryset, "_coerced", False) or queryset._prefetch_related_lookups or queryset.query.deferred_loading[0]:
            raise TypeError("CompiledQuery: no coerced, prefetching or deferring querysets")
        if not self.models and queryset._iterable_class is not ValuesListIterable:
            raise TypeError("CompiledQuery: model instances or values_list() rows (not flat, not named)")
        if self.models:
            klass_info = compiler.klass_info
            select_fields = klass_info["select_fields"]
            self.model_start, self.model_end = select_fields[0], select_fields[-1] + 1
            self.init_list = [f[0].target.attname for f in compiler.select[self.model_start : self.model_end]]
            self.related_populators = get_related_populators(klass_info, compiler.select, using)
            self.annotation_col_map = compiler.annotation_col_map or {}

    def bind(self, values, connection):
        if set(values) != self.names:
            raise TypeError(f"CompiledQuery expects {sorted(self.names)}, got {sorted(values)}")
        return [
            constant if name is None else field.get_db_prep_value(values[name], connection, prepared=False)
            for name, field, constant in self.params
        ]

    def fetch(self, values):
        """The rows as the database gives them (before Django's converters)."""
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.bind(values, connection))
            return cursor.fetchall()

    def rows(self, values):
        return self.converted(self.fetch(values))

    def converted(self, rows):
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        return rows

    def instances(self, values):
        return self.instances_of(self.rows(values))

    def answer(self, rows):
        """The instances (a query of models) or the row tuples (values_list()) of rows just fetched."""
        rows = self.converted(rows)
        return self.instances_of(rows) if self.models else [tuple(row) for row in rows]

    def instances_of(self, rows):
        start, end, using = self.model_start, self.model_end, self.using
        result = []
        for row in rows:
            obj = self.model.from_db(using, self.init_list, row[start:end])
            for populator in self.related_populators:
                populator.populate(row, obj)
            for attr, position in self.annotation_col_map.items():
                setattr(obj, attr, row[position])
            result.append(obj)
        return result


class CompiledQuery:
    """A queryset (made by `build`, with Param placeholders) compiled once per database alias."""

    def __init__(self, build):
        self._build = build
        self._compiled = {}

    def _for(self, using):
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = _Compiled(self._build(), using)
        return compiled

    def instances(self, using=DEFAULT_DB_ALIAS, kept_on=None, **values):
        """The model instances the queryset would give for these values (a list); `kept_on`: take
        the answer kept on that object for the same values, when there is one (keep_answers)."""
        kept = _take_kept(kept_on, self, values)
        return self._for(using).instances(values) if kept is None else kept

    def rows(self, using=DEFAULT_DB_ALIAS, kept_on=None, **values):
        """The values_list() tuples the queryset would give for these values (a list); `kept_on` as
        for `instances`."""
        kept = _take_kept(kept_on, self, values)
        return [tuple(row) for row in self._for(using).rows(values)] if kept is None else kept

    def one(self, using=DEFAULT_DB_ALIAS, read_with=(), **values):
        """The one instance, as `.get()` would: DoesNotExist or MultipleObjectsReturned otherwise.

        `read_with`: reads ([(CompiledQuery, {values})]) sent in the same round trip, run right after
        this one (read_together); their answers are kept on the instance (keep_answers)."""
        compiled = self._for(using)
        if read_with:
            found, *answers = read_together([(self, values), *read_with], using)
        else:
            found = compiled.instances(values)
        if len(found) == 1:
            if read_with:
                keep_answers(found[0], read_with, answers)
            return found[0]
        model = compiled.model
        if not found:
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
        raise model.MultipleObjectsReturned(f"get() returned more than one {model._meta.object_name}")


def read_together(reads, using=DEFAULT_DB_ALIAS):
    """[(CompiledQuery, {values})] → the answer of each, in order: model instances, or row tuples for a
    values_list() query. On PostgreSQL the queries go to the server together and their answers come
    back together (psycopg's pipeline mode): one round trip instead of one each, which under load is
    one wait for the database's turn on the CPU instead of ten (the parts of a plan,
    plans.selectors.load_parts). The server runs them one after the other, in order, each with a
    snapshot of its own: a read sent after a row lock sees what the lock's earlier holders
    committed. Each still runs through Django's cursor, counted and logged like any other;
    elsewhere they simply run one by one."""
    connection = connections[using]
    compiled = [(query._for(using), values) for query, values in reads]
    if connection.vendor != "postgresql":
        return [each.answer(each.fetch(values)) for each, values in compiled]
    connection.ensure_connection()
    cursors = []
    try:
        # Django's own error classes, as a cursor's execute raises them (a lost server: the 503)
        with connection.wrap_database_errors, connection.connection.pipeline():
            for each, values in compiled:
                cursor = connection.cursor()
                cursors.append(cursor)
                cursor.execute(each.sql, each.bind(values, connection))
            answers = [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()
    return [each.answer(rows) for (each, _values), rows in zip(compiled, answers, strict=True)]


# --- answers read ahead ----------------------------------------------------------------------------

_KEPT = "_compiled_answers_kept"


def _kept_key(query, values):
    return (query, tuple(sorted(values.items())))


def keep_answers(holder, reads, answers):
    """Keep the `answers` of `reads` ([(CompiledQuery, {values})], as read_together gives them) on
    `holder` (an instance: the plan they were read for) until a call with `kept_on=holder` asks the
    same query with the same values. Each answer is taken once; the caller that read them ahead
    drops what nobody took (`drop_answers`), so none outlives the moment it was read for."""
    kept = holder.__dict__.setdefault(_KEPT, {})
    for (query, values), answer in zip(reads, answers, strict=True):
        kept[_kept_key(query, values)] = answer


def drop_answers(holder):
    """Forget the answers kept on `holder` that no call took."""
    holder.__dict__.pop(_KEPT, None)


def _take_kept(holder, query, values):
    if holder is None:
        return None
    kept = holder.__dict__.get(_KEPT)
    return kept.pop(_kept_key(query, values), None) if kept else None


class _NothingToRead:
    """A queryset that can match nothing (`.none()`, an empty IN): Django runs no SQL for it."""

    def instances(self, values):
        return []


class CompiledQuerysets:
    """Querysets built from a few values and compiled once per process for each distinct `key`: a
    later call with the same key runs the SQL kept from the first, without building the queryset or
    compiling it again. For reads whose queryset takes longer to build than to run, such as a page
    of a user's plan list (plans.api): the key must name everything the queryset is made from (the
    user's ways of seeing, the filters asked, the page), and nothing else may change its SQL.

    The `size` keys used last are kept (each holds its SQL and a compiler, a few kilobytes)."""

    def __init__(self, size=256):
        self.size = size
        self._entries = OrderedDict()
        self._lock = threading.Lock()  # a server may run several threads in one process

    def instances(self, key, build, using=DEFAULT_DB_ALIAS):
        """The model instances of `build()`'s queryset (built and compiled only for a new key)."""
        entry_key = (using, key)
        with self._lock:
            compiled = self._entries.get(entry_key)
            if compiled is not None:
                self._entries.move_to_end(entry_key)
        if compiled is None:
            try:
                compiled = _Compiled(build(), using)
            except EmptyResultSet:
                compiled = _NothingToRead()
            with self._lock:
                self._entries[entry_key] = compiled
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return compiled.instances({})

    def __len__(self):
        return len(self._entries)

    def clear(self):
        with self._lock:
            self._entries.clear()


__all__ = ["CompiledQuery", "CompiledQuerysets", "Param", "drop_answers", "keep_answers", "read_together"]
