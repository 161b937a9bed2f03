/* speechlint.plugins.wording._near_miss_c: the near-miss candidate search in C.
 *
 * The same search as near_miss._Scanner._pairs_in followed by _probe (see near_miss.py): at
 * every position `at` of one parity, the characters text[at] and text[at + 2] are looked up as
 * a pair of the lexicon's PairTable (behind a bit filter: see Slot), and each of the pair's
 * probes is tried.  In Python the pairs came from an Aho-Corasick automaton whose state table
 * the rest of a run pushes out of the caches, and the probes cost a bytecode loop; a speech
 * spent about a quarter of its time here.  This module is optional: when it is not built, near_miss.py does the work itself, and
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

/* One-character strings the probes look up, kept (the same characters recur). */
#define CHAR_CACHE 1024

typedef struct {
    PyObject_HEAD
    Slot *slots;
    size_t mask;
    uint64_t *filter;
    Py_ssize_t pairs;
    PyObject *chars[CHAR_CACHE];
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

/* The one-character string of `ch`, a new reference. */
static PyObject *
char_string(PairIndex *self, Py_UCS4 ch)
{
    PyObject **cached = &self->chars[ch % CHAR_CACHE];
    if (*cached == NULL || PyUnicode_READ_CHAR(*cached, 0) != ch) {
        PyObject *made = PyUnicode_FromOrdinal((int)ch);
        if (made == NULL) {
            return NULL;
        }
        Py_XSETREF(*cached, made);
    }
    Py_INCREF(*cached);
    return *cached;
}

static void
PairIndex_dealloc(PairIndex *self)
{
    for (int i = 0; i < CHAR_CACHE; i++) {
        Py_XDECREF(self->chars[i]);
    }
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

/* The probes of one pair at `at`; appends (window start, position, value) to found. */
static int
probe(PairIndex *self, int kind, const void *data, Py_ssize_t length, Py_ssize_t at,
      PyObject *checks, PyObject *found)
{
    Py_ssize_t count = PySequence_Fast_GET_SIZE(checks);
    PyObject **items = PySequence_Fast_ITEMS(checks);
    long phrase = -1;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *check = items[i];
        if (!PyTuple_Check(check) || PyTuple_GET_SIZE(check) != 5) {
            PyErr_SetString(PyExc_TypeError, "a probe is (delta, probe, written, position, values)");
            return -1;
        }
        long delta = PyLong_AsLong(PyTuple_GET_ITEM(check, 0));
        long offset = PyLong_AsLong(PyTuple_GET_ITEM(check, 1));
        long written_at = PyLong_AsLong(PyTuple_GET_ITEM(check, 2));
        PyObject *position = PyTuple_GET_ITEM(check, 3);
        PyObject *values = PyTuple_GET_ITEM(check, 4);
        if (PyErr_Occurred()) {
            return -1;
        }
        if (delta == phrase) {
            continue;
        }
        Py_UCS4 ch;
        if (char_at(kind, data, length, at + offset, &ch) < 0) {
            return -1;
        }
        PyObject *key = char_string(self, ch);
        if (key == NULL) {
            return -1;
        }
        PyObject *value = PyDict_Check(values) ? PyDict_GetItemWithError(values, key) : NULL;
        Py_DECREF(key);
        if (value == NULL) {
            if (PyErr_Occurred()) {
                return -1;
            }
            if (!PyDict_Check(values)) {
                PyErr_SetString(PyExc_TypeError, "a probe's values is a dict");
                return -1;
            }
            continue;
        }
        Py_UCS4 written;
        if (char_at(kind, data, length, at + written_at, &written) < 0) {
            return -1;
        }
        if (!PyUnicode_Check(value)) {
            PyErr_SetString(PyExc_TypeError, "a probe's value is a str");
            return -1;
        }
        Py_ssize_t in = PyUnicode_FindChar(value, written, 0, PyUnicode_GET_LENGTH(value), 1);
        if (in == -2) {
            return -1;
        }
        if (in >= 0) {
            phrase = delta; /* a phrase, so a word: none of its substitutions is reported */
        }
        else if (is_han(written)) {
            PyObject *hit = Py_BuildValue("(nOO)", at - delta, position, value);
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
 * _pairs_in(text[base::2]), base, found), with checks(pair_id) for a pair not yet parsed. */
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
        PyObject *checks = PyList_GET_ITEM(parsed, pair_id); /* borrowed */
        Py_INCREF(checks);
        if (checks == Py_None) {
            Py_DECREF(checks);
            checks = PyObject_CallFunction(parse, "n", pair_id);
            if (checks == NULL) {
                return NULL;
            }
        }
        PyObject *sequence = PySequence_Fast(checks, "a pair's probes are a sequence");
        Py_DECREF(checks);
        if (sequence == NULL) {
            return NULL;
        }
        int failed = probe(self, kind, data, length, at, sequence, found);
        Py_DECREF(sequence);
        if (failed) {
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
