/* speechlint.plugins.wording._near_miss_c: the near-miss candidate search in C.
 *
 * The same search as near_miss._Scanner._pairs_in followed by _probe (see near_miss.py): at
 * every position `at` of one parity, the characters text[at] and text[at + 2] are looked up as
 * a pair of the lexicon's PairTable (behind a bit filter: see Slot), and each of the pair's
 * probes is tried (a pair's probes are copied out of its Python record into one block the
 * first time it is met).  In Python the pairs came from an Aho-Corasick automaton whose state
 * table the rest of a run pushes out of the caches, and the probes cost a bytecode loop; a
 * speech spent about a quarter of its time here.  This module is optional: when it is not built, near_miss.py does the work itself, and
 * tests/plugins/wording/test_near_miss_c.py requires both to find the same hits.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* The pairs in an open-addressing table (a power of two, at most half full) keyed by both
 * characters, behind a filter: a bit per hash of each pair in 32 KiB, which stays in the cache
 * when the table does not.  Four fifths of a speech's positions start with a character some
 * pair starts with, but only one in twenty holds a pair: the filter turns most away. */
typedef struct {
    uint64_t key; /* pair_key(first, second); 0: an empty slot */
    Py_ssize_t id;
} Slot;

#define FILTER_BITS 18

/* A pair's probes, copied out of its Python record the first time the pair is met (see
 * compile_pair): one block read per pair, where the record's tuples, ints, dicts and strings
 * were a dozen objects scattered over the heap -- in a run, cache misses all. */
#define INLINE_VALUE 3

typedef struct {
    Py_UCS4 key;                 /* the probed character */
    Py_ssize_t size;             /* the value's length; its characters below if it fits */
    Py_UCS4 chars[INLINE_VALUE];
    PyObject *value;             /* the value (a str) */
} Entry;

typedef struct {
    long delta, offset, written_at;
    PyObject *position;
    Py_ssize_t count;
    Entry *entries;
} Probe;

typedef struct {
    Py_ssize_t count;
    Probe probes[];
} Compiled;

typedef struct {
    PyObject_HEAD
    Slot *slots;
    size_t mask;
    uint64_t *filter;
    Py_ssize_t pairs;
    Compiled **compiled; /* by pair id, NULL until the pair is met */
} PairIndex;

static uint64_t
pair_key(Py_UCS4 first, Py_UCS4 second)
{
    return ((uint64_t)first << 21 | second) + 1; /* characters fit 21 bits; never 0 */
}

static size_t
filter_bit(uint64_t key)
{
    return (size_t)((key * 0xC2B2AE3D27D4EB4Full) >> (64 - FILTER_BITS));
}

static size_t
slot_of(const PairIndex *index, uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & index->mask;
}

/* The id of the pair (first, second), or -1. */
static Py_ssize_t
find_pair(const PairIndex *index, uint64_t key)
{
    size_t bit = filter_bit(key);
    if (!(index->filter[bit >> 6] >> (bit & 63) & 1)) {
        return -1;
    }
    for (size_t at = slot_of(index, key);; at = (at + 1) & index->mask) {
        const Slot *slot = &index->slots[at];
        if (slot->key == key) {
            return slot->id;
        }
        if (slot->key == 0) {
            return -1;
        }
    }
}

static void
free_compiled(Compiled *compiled)
{
    if (compiled == NULL) {
        return;
    }
    for (Py_ssize_t p = 0; p < compiled->count; p++) {
        Probe *probe = &compiled->probes[p];
        Py_XDECREF(probe->position);
        for (Py_ssize_t e = 0; e < probe->count && probe->entries != NULL; e++) {
            Py_XDECREF(probe->entries[e].value);
        }
        PyMem_Free(probe->entries);
    }
    PyMem_Free(compiled);
}

static void
PairIndex_dealloc(PairIndex *self)
{
    if (self->compiled != NULL) {
        for (Py_ssize_t id = 0; id < self->pairs; id++) {
            free_compiled(self->compiled[id]);
        }
    }
    PyMem_Free(self->compiled);
    PyMem_Free(self->slots);
    PyMem_Free(self->filter);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* PairIndex(firsts): firsts as PairTable holds them, first character -> its seconds. */
static PyObject *
PairIndex_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PyObject *firsts;
    static char *keywords[] = {"firsts", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!:PairIndex", keywords, &PyDict_Type,
                                     &firsts)) {
        return NULL;
    }
    PairIndex *self = (PairIndex *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    Py_ssize_t total = 0, position = 0;
    PyObject *key, *value;
    while (PyDict_Next(firsts, &position, &key, &value)) {
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) != 1 || !PyUnicode_Check(value)) {
            PyErr_SetString(PyExc_TypeError, "firsts maps one character to a str of seconds");
            goto fail;
        }
        total += PyUnicode_GET_LENGTH(value);
    }
    size_t size = 16;
    while (size < (size_t)total * 2) {
        size <<= 1;
    }
    self->mask = size - 1;
    self->slots = PyMem_Calloc(size, sizeof(Slot));
    self->filter = PyMem_Calloc((size_t)1 << (FILTER_BITS - 6), sizeof(uint64_t));
    if (self->slots == NULL || self->filter == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    /* Pair ids as PairTable numbers them: the firsts in order, each one's seconds in order. */
    Py_ssize_t next = 0;
    position = 0;
    while (PyDict_Next(firsts, &position, &key, &value)) {
        Py_UCS4 first = PyUnicode_READ_CHAR(key, 0);
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(value); i++) {
            uint64_t pair = pair_key(first, PyUnicode_READ_CHAR(value, i));
            size_t at = slot_of(self, pair);
            while (self->slots[at].key != 0 && self->slots[at].key != pair) {
                at = (at + 1) & self->mask;
            }
            if (self->slots[at].key == pair) {
                PyErr_SetString(PyExc_ValueError, "firsts: a repeated pair");
                goto fail;
            }
            self->slots[at].key = pair;
            self->slots[at].id = next++;
            size_t bit = filter_bit(pair);
            self->filter[bit >> 6] |= (uint64_t)1 << (bit & 63);
        }
    }
    self->pairs = next;
    self->compiled = PyMem_Calloc((size_t)(next ? next : 1), sizeof(Compiled *));
    if (self->compiled == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    return (PyObject *)self;
fail:
    Py_DECREF(self);
    return NULL;
}

static int
is_han(Py_UCS4 ch)
{
    return (ch >= 0x4e00 && ch <= 0x9fff) || (ch >= 0x3400 && ch <= 0x4dbf);
}

/* Python's text[i], for the probes' offsets (the text is padded: a negative one wraps to its
 * last character, as in Python, and meets the padding). */
static int
char_at(int kind, const void *data, Py_ssize_t length, Py_ssize_t i, Py_UCS4 *out)
{
    if (i < 0) {
        i += length;
    }
    if (i < 0 || i >= length) {
        PyErr_SetString(PyExc_IndexError, "string index out of range");
        return -1;
    }
    *out = PyUnicode_READ(kind, data, i);
    return 0;
}

/* The probes of a pair's record (a sequence of (delta, probe, written, position, values)
 * tuples, values a dict of one character to a str), copied into a Compiled block. */
static Compiled *
compile_pair(PyObject *checks)
{
    PyObject *sequence = PySequence_Fast(checks, "a pair's probes are a sequence");
    if (sequence == NULL) {
        return NULL;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(sequence);
    Compiled *compiled = PyMem_Calloc(1, sizeof(Compiled) + (size_t)count * sizeof(Probe));
    if (compiled == NULL) {
        Py_DECREF(sequence);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *check = PySequence_Fast_GET_ITEM(sequence, i);
        if (!PyTuple_Check(check) || PyTuple_GET_SIZE(check) != 5 ||
            !PyDict_Check(PyTuple_GET_ITEM(check, 4))) {
            PyErr_SetString(PyExc_TypeError,
                            "a probe is (delta, probe, written, position, values: dict)");
            goto fail;
        }
        Probe *probe = &compiled->probes[i];
        compiled->count = i + 1;
        probe->delta = PyLong_AsLong(PyTuple_GET_ITEM(check, 0));
        probe->offset = PyLong_AsLong(PyTuple_GET_ITEM(check, 1));
        probe->written_at = PyLong_AsLong(PyTuple_GET_ITEM(check, 2));
        if (PyErr_Occurred()) {
            goto fail;
        }
        probe->position = Py_NewRef(PyTuple_GET_ITEM(check, 3));
        PyObject *values = PyTuple_GET_ITEM(check, 4);
        probe->entries = PyMem_Calloc((size_t)(PyDict_Size(values) + 1), sizeof(Entry));
        if (probe->entries == NULL) {
            PyErr_NoMemory();
            goto fail;
        }
        Py_ssize_t position = 0;
        PyObject *key, *value;
        while (PyDict_Next(values, &position, &key, &value)) {
            if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) != 1 ||
                !PyUnicode_Check(value)) {
                PyErr_SetString(PyExc_TypeError, "a probe's values map a character to a str");
                goto fail;
            }
            Entry *entry = &probe->entries[probe->count++];
            entry->key = PyUnicode_READ_CHAR(key, 0);
            entry->value = Py_NewRef(value);
            entry->size = PyUnicode_GET_LENGTH(value);
            for (Py_ssize_t c = 0; c < entry->size && c < INLINE_VALUE; c++) {
                entry->chars[c] = PyUnicode_READ_CHAR(value, c);
            }
        }
    }
    Py_DECREF(sequence);
    return compiled;
fail:
    Py_DECREF(sequence);
    free_compiled(compiled);
    return NULL;
}

/* Whether `ch` is one of the entry's value's characters. */
static int
value_holds(const Entry *entry, Py_UCS4 ch)
{
    if (entry->size <= INLINE_VALUE) {
        for (Py_ssize_t c = 0; c < entry->size; c++) {
            if (entry->chars[c] == ch) {
                return 1;
            }
        }
        return 0;
    }
    return PyUnicode_FindChar(entry->value, ch, 0, entry->size, 1) >= 0;
}

/* The probes of one pair at `at`; appends (window start, position, value) to found. */
static int
probe(const Compiled *compiled, int kind, const void *data, Py_ssize_t length, Py_ssize_t at,
      PyObject *found)
{
    long phrase = -1;
    for (Py_ssize_t i = 0; i < compiled->count; i++) {
        const Probe *probe = &compiled->probes[i];
        if (probe->delta == phrase) {
            continue;
        }
        Py_UCS4 ch;
        if (char_at(kind, data, length, at + probe->offset, &ch) < 0) {
            return -1;
        }
        const Entry *entry = NULL;
        for (Py_ssize_t e = 0; e < probe->count; e++) {
            if (probe->entries[e].key == ch) {
                entry = &probe->entries[e];
                break;
            }
        }
        if (entry == NULL) {
            continue;
        }
        Py_UCS4 written;
        if (char_at(kind, data, length, at + probe->written_at, &written) < 0) {
            return -1;
        }
        if (value_holds(entry, written)) {
            phrase = probe->delta; /* a phrase, so a word: none of its substitutions is reported */
        }
        else if (is_han(written)) {
            PyObject *hit = Py_BuildValue("(nOO)", at - probe->delta, probe->position,
                                          entry->value);
            if (hit == NULL || PyList_Append(found, hit) < 0) {
                Py_XDECREF(hit);
                return -1;
            }
            Py_DECREF(hit);
        }
    }
    return 0;
}

/* index.probe(text, base, parsed, checks, found): near_miss._Scanner._probe(text,
 * _pairs_in(text[base::2]), base, found), with checks(pair_id) for a pair not yet parsed
 * (``parsed``, the records parsed so far, is read for one first met here). */
static PyObject *
PairIndex_probe(PairIndex *self, PyObject *args)
{
    PyObject *text, *parsed, *parse, *found;
    Py_ssize_t base;
    if (!PyArg_ParseTuple(args, "UnO!OO!:probe", &text, &base, &PyList_Type, &parsed, &parse,
                          &PyList_Type, &found)) {
        return NULL;
    }
    if (PyList_GET_SIZE(parsed) < self->pairs) {
        PyErr_SetString(PyExc_ValueError, "parsed holds fewer entries than the index has pairs");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t at = base < 0 ? 0 : base; at + 2 < length; at += 2) {
        Py_ssize_t pair_id = find_pair(
            self, pair_key(PyUnicode_READ(kind, data, at), PyUnicode_READ(kind, data, at + 2)));
        if (pair_id < 0) {
            continue;
        }
        Compiled *compiled = self->compiled[pair_id];
        if (compiled == NULL) {
            PyObject *checks = PyList_GET_ITEM(parsed, pair_id); /* borrowed */
            Py_INCREF(checks);
            if (checks == Py_None) {
                Py_DECREF(checks);
                checks = PyObject_CallFunction(parse, "n", pair_id);
                if (checks == NULL) {
                    return NULL;
                }
            }
            compiled = compile_pair(checks);
            Py_DECREF(checks);
            if (compiled == NULL) {
                return NULL;
            }
            self->compiled[pair_id] = compiled;
        }
        if (probe(compiled, kind, data, length, at, found) < 0) {
            return NULL;
        }
    }
    Py_RETURN_NONE;
}

static PyMethodDef PairIndex_methods[] = {
    {"probe", (PyCFunction)PairIndex_probe, METH_VARARGS,
     "probe(text, base, parsed, checks, found): the hits of every pair at text[base::2]."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject PairIndexType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "speechlint.plugins.wording._near_miss_c.PairIndex",
    .tp_basicsize = sizeof(PairIndex),
    .tp_dealloc = (destructor)PairIndex_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The pairs of a PairTable, looked up by their two characters.",
    .tp_methods = PairIndex_methods,
    .tp_new = PairIndex_new,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_near_miss_c",
    .m_doc = "The near-miss candidate search of near_miss.py, in C.",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__near_miss_c(void)
{
    if (PyType_Ready(&PairIndexType) < 0) {
        return NULL;
    }
    PyObject *created = PyModule_Create(&module);
    if (created == NULL) {
        return NULL;
    }
    Py_INCREF(&PairIndexType);
    if (PyModule_AddObject(created, "PairIndex", (PyObject *)&PairIndexType) < 0) {
        Py_DECREF(&PairIndexType);
        Py_DECREF(created);
        return NULL;
    }
    return created;
}
