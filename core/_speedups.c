/* speechlint._speedups: the engine's per-character loops in C.
 *
 * - split() and split_stretches(): sentence splitting, as core/sentences.py defines it;
 * - RareScanner: the shared scan of rare and doubled characters of plugins/_index.py;
 * - Literals: the wording dictionaries' search for their keys (plugins/wording/_automaton.py);
 * - repeated_sentences(): D602's search for repeated sentences.
 *
 * Every speech passes through both once per run, and in Python they cost a sixth of a
 * speech's time.  This module is optional: when it is not built, the Python code does the
 * work itself, and tests/core/test_speedups.py requires both to give the same results.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* ---------------------------------------------------------------- sentence splitting */

static int
is_terminator(Py_UCS4 ch)
{
    return ch == 0x3002 || ch == 0xFF01 || ch == 0xFF1F || ch == '!' || ch == '?' ||
           ch == 0x2026;
}

/* The closer of an opening quote or bracket, or 0. */
static Py_UCS4
closer_of(Py_UCS4 ch)
{
    switch (ch) {
    case 0x201C: return 0x201D; /* “ ” */
    case 0x2018: return 0x2019; /* ‘ ’ */
    case 0xFF08: return 0xFF09; /* （ ） */
    case '(': return ')';
    case 0x300A: return 0x300B; /* 《 》 */
    case 0x300C: return 0x300D; /* 「 」 */
    case 0x300E: return 0x300F; /* 『 』 */
    case 0x3010: return 0x3011; /* 【 】 */
    default: return 0;
    }
}

static int
is_closer(Py_UCS4 ch)
{
    switch (ch) {
    case 0x201D: case 0x2019: case 0xFF09: case ')': case 0x300B: case 0x300D: case 0x300F:
    case 0x3011:
        return 1;
    default:
        return 0;
    }
}

/* A terminator, quote or bracket: the characters the splitter visits.  Most of a speech is Han
 * (U+4E00 up) and never gets past the first test. */
static int
is_event(Py_UCS4 ch)
{
    if (ch >= 0x4E00 && ch < 0xFF00) {
        return 0;
    }
    return is_terminator(ch) || closer_of(ch) != 0 || is_closer(ch);
}

static int
is_space(Py_UCS4 ch)
{
    return ch == ' ' || ch == '\t' || ch == 0x3000 || ch == '\n';
}

static int
is_pause(Py_UCS4 ch)
{
    return ch == 0xFF0C || ch == 0x3001 || ch == 0xFF1B || ch == 0xFF1A || ch == ',' ||
           ch == ';' || ch == ':' || ch == 0x7B49; /* ，、；：,;:等 */
}

/* Working memory of one split, grown as needed and kept between calls. */
typedef struct {
    Py_ssize_t *at;      /* the events' text offsets */
    Py_ssize_t *partner; /* the event index of a matched pair's other half, or -1 */
    Py_ssize_t *stack;   /* open brackets: event indices */
    Py_ssize_t size;
} Events;

static Events events;

static int
reserve(Py_ssize_t count)
{
    if (count <= events.size) {
        return 0;
    }
    Py_ssize_t size = events.size ? events.size : 256;
    while (size < count) {
        size *= 2;
    }
    Py_ssize_t *at = PyMem_Realloc(events.at, (size_t)size * sizeof(Py_ssize_t));
    if (at == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    events.at = at;
    Py_ssize_t *partner = PyMem_Realloc(events.partner, (size_t)size * sizeof(Py_ssize_t));
    if (partner == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    events.partner = partner;
    Py_ssize_t *stack = PyMem_Realloc(events.stack, (size_t)size * sizeof(Py_ssize_t));
    if (stack == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    events.stack = stack;
    events.size = size;
    return 0;
}

/* Appends the sentence text[begin:end], trimmed of white space, as (begin - base, end - base);
 * an empty one is dropped.  Returns -1 on error. */
static int
emit(PyObject *spans, int kind, const void *data, Py_ssize_t begin, Py_ssize_t end,
     Py_ssize_t base)
{
    while (begin < end && is_space(PyUnicode_READ(kind, data, begin))) {
        begin++;
    }
    while (end > begin && is_space(PyUnicode_READ(kind, data, end - 1))) {
        end--;
    }
    if (begin == end) {
        return 0;
    }
    PyObject *span = PyTuple_New(2);
    if (span == NULL) {
        return -1;
    }
    PyObject *first = PyLong_FromSsize_t(begin - base);
    PyObject *second = first ? PyLong_FromSsize_t(end - base) : NULL;
    if (second == NULL) {
        Py_XDECREF(first);
        Py_DECREF(span);
        return -1;
    }
    PyTuple_SET_ITEM(span, 0, first);
    PyTuple_SET_ITEM(span, 1, second);
    int failed = PyList_Append(spans, span);
    Py_DECREF(span);
    return failed;
}

/* Collects the events of text[start:stop] of one kind of string into `events`. */
#define COLLECT(TYPE)                                                                          \
    do {                                                                                       \
        const TYPE *chars = (const TYPE *)data;                                                \
        for (Py_ssize_t i = start; i < stop; i++) {                                            \
            Py_UCS4 ch = chars[i];                                                             \
            if (is_event(ch)) {                                                                \
                if (count == events.size && reserve(count + 1) < 0) {                          \
                    return -1;                                                                 \
                }                                                                              \
                events.at[count++] = i;                                                        \
                terminators += is_terminator(ch);                                              \
            }                                                                                  \
        }                                                                                      \
    } while (0)

/* The sentences of text[start:stop] appended to spans (at most limit of them if positive),
 * offsets less base.  See sentences.py: a run of terminators, with the closers after it, ends
 * the sentence when nothing is open around it; a closing quote that closes everything ends
 * it too, a closing bracket only when it opened the sentence; an ellipsis before a pause ends
 * nothing.  Pairs match as _matched_pairs matches them: a closer closes the nearest of the
 * last three open pairs that it fits, and the pairs above it with it. */
static int
split_into(PyObject *spans, int kind, const void *data, Py_ssize_t start, Py_ssize_t stop,
           Py_ssize_t limit, Py_ssize_t base)
{
    Py_ssize_t count = 0, terminators = 0;
    switch (kind) {
    case PyUnicode_1BYTE_KIND: COLLECT(Py_UCS1); break;
    case PyUnicode_2BYTE_KIND: COLLECT(Py_UCS2); break;
    default: COLLECT(Py_UCS4); break;
    }
    if (terminators == 0) { /* one sentence, whatever it quotes */
        return emit(spans, kind, data, start, stop, base);
    }
    Py_ssize_t open = 0;
    for (Py_ssize_t e = 0; e < count; e++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, events.at[e]);
        events.partner[e] = -1;
        if (closer_of(ch) != 0) {
            events.stack[open++] = e;
        }
        else if (is_closer(ch)) {
            Py_ssize_t floor = open > 3 ? open - 3 : 0;
            for (Py_ssize_t d = open - 1; d >= floor; d--) {
                Py_ssize_t opener = events.stack[d];
                if (closer_of(PyUnicode_READ(kind, data, events.at[opener])) == ch) {
                    events.partner[opener] = e;
                    events.partner[e] = opener;
                    open = d;
                    break;
                }
            }
        }
    }
    Py_ssize_t depth = 0, sentence = start, found = 0, e = 0;
    while (e < count) {
        Py_ssize_t at = events.at[e];
        Py_UCS4 ch = PyUnicode_READ(kind, data, at);
        if (events.partner[e] >= 0) {
            depth += events.partner[e] > e ? 1 : -1;
            e++;
            continue;
        }
        if (!is_terminator(ch)) {
            e++; /* a stray quote or bracket */
            continue;
        }
        if (ch == 0x2026) {
            Py_ssize_t after = at;
            while (after < stop && PyUnicode_READ(kind, data, after) == 0x2026) {
                after++;
            }
            if (after < stop && is_pause(PyUnicode_READ(kind, data, after))) {
                e++; /* an omission inside the sentence */
                continue;
            }
        }
        Py_ssize_t first = sentence;
        while (first < stop && is_space(PyUnicode_READ(kind, data, first))) {
            first++;
        }
        int ends = 0;
        /* The run: terminators and closers, every one of them an event. */
        while (at < stop) {
            ch = PyUnicode_READ(kind, data, at);
            int terminator = is_terminator(ch);
            if (!terminator && !is_closer(ch)) {
                break;
            }
            Py_ssize_t partner = events.partner[e];
            if (partner >= 0 && partner < e) {
                depth = depth > 0 ? depth - 1 : 0;
                if (depth == 0) {
                    Py_ssize_t opener = events.at[partner];
                    Py_UCS4 opening = PyUnicode_READ(kind, data, opener);
                    ends = (opening != 0xFF08 && opening != '(') || opener == first;
                }
            }
            else if (terminator && depth == 0) {
                ends = 1;
            }
            at++;
            e++;
        }
        if (ends) {
            if (emit(spans, kind, data, sentence, at, base) < 0) {
                return -1;
            }
            sentence = at;
            if (++found == limit) {
                return 0;
            }
        }
    }
    return emit(spans, kind, data, sentence, stop, base);
}

/* split(text, start, stop, limit): sentences.split_sentences with at most limit sentences
 * (all of them when limit < 1). */
static PyObject *
speedups_split(PyObject *module, PyObject *args)
{
    PyObject *text;
    Py_ssize_t start, stop, limit;
    if (!PyArg_ParseTuple(args, "Unnn:split", &text, &start, &stop, &limit)) {
        return NULL;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (start < 0) {
        PyErr_SetString(PyExc_IndexError, "split: start must not be negative");
        return NULL;
    }
    if (stop > length) {
        stop = length;
    }
    PyObject *spans = PyList_New(0);
    if (spans == NULL) {
        return NULL;
    }
    if (start < stop && split_into(spans, PyUnicode_KIND(text), PyUnicode_DATA(text), start, stop, limit, 0) <
        0) {
        Py_DECREF(spans);
        return NULL;
    }
    return spans;
}

/* split_stretches(text, stretches): for each (start, stop), its sentences as a tuple of
 * (start, end) offsets relative to the stretch's start. */
static PyObject *
speedups_split_stretches(PyObject *module, PyObject *args)
{
    PyObject *text, *stretches;
    if (!PyArg_ParseTuple(args, "UO:split_stretches", &text, &stretches)) {
        return NULL;
    }
    PyObject *sequence = PySequence_Fast(stretches, "stretches must be a sequence");
    if (sequence == NULL) {
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Py_ssize_t count = PySequence_Fast_GET_SIZE(sequence);
    PyObject *result = PyList_New(count);
    PyObject *spans = NULL;
    if (result == NULL) {
        goto fail;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *stretch = PySequence_Fast_GET_ITEM(sequence, i);
        if (!PyTuple_Check(stretch) || PyTuple_GET_SIZE(stretch) != 2) {
            PyErr_SetString(PyExc_TypeError, "split_stretches: a stretch is a (start, stop) tuple");
            goto fail;
        }
        Py_ssize_t start = PyLong_AsSsize_t(PyTuple_GET_ITEM(stretch, 0));
        Py_ssize_t stop = PyLong_AsSsize_t(PyTuple_GET_ITEM(stretch, 1));
        if ((start == -1 || stop == -1) && PyErr_Occurred()) {
            goto fail;
        }
        if (start < 0 || stop > length || start > stop) {
            PyErr_SetString(PyExc_IndexError, "split_stretches: a stretch outside the text");
            goto fail;
        }
        spans = PyList_New(0);
        if (spans == NULL || split_into(spans, kind, data, start, stop, 0, start) < 0) {
            goto fail;
        }
        PyObject *frozen = PyList_AsTuple(spans);
        Py_CLEAR(spans);
        if (frozen == NULL) {
            goto fail;
        }
        PyList_SET_ITEM(result, i, frozen);
    }
    Py_DECREF(sequence);
    return result;
fail:
    Py_XDECREF(spans);
    Py_XDECREF(result);
    Py_DECREF(sequence);
    return NULL;
}

/* ---------------------------------------------------------------- rare characters */

/* RareScanner(rare, doubling): finds, in one pass, each character of `rare` (as its index
 * there) and each character of `doubling` written twice in a row. */
typedef struct {
    PyObject_HEAD
    uint64_t *wanted; /* a bit per BMP character of rare or doubling: 8 KiB, kept in cache */
    uint8_t *keys;    /* BMP character -> 1 + its index in rare (0: none), 2 << 7 if doubling */
    PyObject **chars; /* the one-character strings of rare */
    Py_ssize_t count;
} RareScanner;

#define DOUBLING 0x80

static void
RareScanner_dealloc(RareScanner *self)
{
    for (Py_ssize_t i = 0; i < self->count; i++) {
        Py_XDECREF(self->chars[i]);
    }
    PyMem_Free(self->chars);
    PyMem_Free(self->keys);
    PyMem_Free(self->wanted);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
RareScanner_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PyObject *rare, *doubling;
    static char *keywords[] = {"rare", "doubling", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "UU:RareScanner", keywords, &rare,
                                     &doubling)) {
        return NULL;
    }
    Py_ssize_t count = PyUnicode_GET_LENGTH(rare);
    if (count >= DOUBLING) {
        PyErr_SetString(PyExc_ValueError, "RareScanner: at most 127 rare characters");
        return NULL;
    }
    RareScanner *self = (RareScanner *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->wanted = PyMem_Calloc(0x10000 / 64, sizeof(uint64_t));
    self->keys = PyMem_Calloc(0x10000, 1);
    self->chars = PyMem_Calloc((size_t)(count ? count : 1), sizeof(PyObject *));
    if (self->wanted == NULL || self->keys == NULL || self->chars == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(rare, i);
        if (ch > 0xFFFF || self->keys[ch] != 0) {
            PyErr_SetString(PyExc_ValueError,
                            "RareScanner: rare characters are distinct and in the BMP");
            goto fail;
        }
        self->keys[ch] = (uint8_t)(i + 1);
        self->wanted[ch >> 6] |= (uint64_t)1 << (ch & 63);
        self->chars[i] = PyUnicode_Substring(rare, i, i + 1);
        if (self->chars[i] == NULL) {
            goto fail;
        }
        self->count = i + 1;
    }
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(doubling); i++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(doubling, i);
        if (ch > 0xFFFF) {
            PyErr_SetString(PyExc_ValueError, "RareScanner: doubling characters are in the BMP");
            goto fail;
        }
        self->keys[ch] |= DOUBLING;
        self->wanted[ch >> 6] |= (uint64_t)1 << (ch & 63);
    }
    return (PyObject *)self;
fail:
    Py_DECREF(self);
    return NULL;
}

/* What one scan finds, as it goes. */
typedef struct {
    uint8_t *sequence; /* the keys found, in order */
    Py_ssize_t found, capacity;
    PyObject *offsets[DOUBLING]; /* per key: the list of its offsets (new references) */
    PyObject *at;                /* char -> that list, in the order characters first occur */
    PyObject *doubled;
} Scan;

static int
add_offset(PyObject *list, Py_ssize_t offset)
{
    PyObject *value = PyLong_FromSsize_t(offset);
    if (value == NULL) {
        return -1;
    }
    int failed = PyList_Append(list, value);
    Py_DECREF(value);
    return failed;
}

/* Records the rare character `key` (1-based) at offset. */
static int
found_rare(RareScanner *self, Scan *scan, int key, Py_ssize_t offset)
{
    if (scan->found == scan->capacity) {
        Py_ssize_t capacity = scan->capacity ? scan->capacity * 2 : 256;
        uint8_t *grown = PyMem_Realloc(scan->sequence, (size_t)capacity);
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        scan->sequence = grown;
        scan->capacity = capacity;
    }
    scan->sequence[scan->found++] = (uint8_t)(key - 1);
    PyObject *list = scan->offsets[key - 1];
    if (list == NULL) {
        list = scan->offsets[key - 1] = PyList_New(0);
        if (list == NULL || PyDict_SetItem(scan->at, self->chars[key - 1], list) < 0) {
            return -1;
        }
    }
    return add_offset(list, offset);
}

/* The scan of one kind of string: most characters stop at the bitmap. */
#define SCAN_LOOP(TYPE)                                                                        \
    do {                                                                                       \
        const TYPE *chars = (const TYPE *)data;                                                \
        for (Py_ssize_t i = 0; i < length; i++) {                                              \
            Py_UCS4 ch = chars[i];                                                             \
            if (ch > 0xFFFF || !(wanted[ch >> 6] >> (ch & 63) & 1)) {                          \
                continue;                                                                      \
            }                                                                                  \
            int key = keys[ch];                                                                \
            if ((key & ~DOUBLING) && found_rare(self, &scan, key & ~DOUBLING, i) < 0) {        \
                goto fail;                                                                     \
            }                                                                                  \
            /* 。。。 is one pair: a pair does not start on the last pair's second character */ \
            if (key & DOUBLING && i >= pair_free && i + 1 < length && chars[i + 1] == ch) {    \
                if (add_offset(scan.doubled, i) < 0) {                                         \
                    goto fail;                                                                 \
                }                                                                              \
                pair_free = i + 2;                                                             \
            }                                                                                  \
        }                                                                                      \
    } while (0)

/* scanner.scan(text) -> (keys, at, doubled): the index in rare of each rare character, in
 * order, as bytes; each rare character found -> its offsets (in the order characters first
 * occur); the offset of each doubled character, left to right without overlap. */
static PyObject *
RareScanner_scan(RareScanner *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "scan: text must be a str");
        return NULL;
    }
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), pair_free = 0;
    const uint64_t *wanted = self->wanted;
    const uint8_t *keys = self->keys;
    PyObject *result = NULL;
    Scan scan = {0};
    scan.at = PyDict_New();
    scan.doubled = PyList_New(0);
    if (scan.at == NULL || scan.doubled == NULL) {
        goto fail;
    }
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: SCAN_LOOP(Py_UCS1); break;
    case PyUnicode_2BYTE_KIND: SCAN_LOOP(Py_UCS2); break;
    default: SCAN_LOOP(Py_UCS4); break;
    }
    PyObject *sequence = PyBytes_FromStringAndSize((const char *)scan.sequence, scan.found);
    if (sequence != NULL) {
        result = PyTuple_Pack(3, sequence, scan.at, scan.doubled);
        Py_DECREF(sequence);
    }
fail:
    for (int i = 0; i < DOUBLING; i++) {
        Py_XDECREF(scan.offsets[i]);
    }
    PyMem_Free(scan.sequence);
    Py_XDECREF(scan.at);
    Py_XDECREF(scan.doubled);
    return result;
}

static PyMethodDef RareScanner_methods[] = {
    {"scan", (PyCFunction)RareScanner_scan, METH_O,
     "scan(text) -> (keys, at, doubled): the rare and doubled characters of text."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject RareScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "speechlint._speedups.RareScanner",
    .tp_basicsize = sizeof(RareScanner),
    .tp_dealloc = (destructor)RareScanner_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Finds rare characters and doubled ones in one pass.",
    .tp_methods = RareScanner_methods,
    .tp_new = RareScanner_new,
};

/* ---------------------------------------------------------------- literal keys */

/* Literals(keys): finds every occurrence of every key, overlapping ones included.  Keys are
 * looked up by their first two characters (a one-character key by its first and a mark) in an
 * open-addressing table, behind a bitmap of the first characters, which turns most positions
 * of a text away with one test; a candidate's other characters are compared.  For the few
 * hundred keys of the wording dictionaries this is several times faster than the automaton
 * it stands in for (whose table the rest of a run pushes out of the caches). */
typedef struct {
    uint64_t key; /* pair_key of the first two characters; 0: an empty slot */
    Py_ssize_t start, count; /* the bucket's key ids in `ids` */
} Bucket;

typedef struct {
    PyObject_HEAD
    uint64_t *firsts; /* a bit per BMP first character */
    int astral;       /* whether some key starts beyond the BMP */
    Bucket *buckets;
    size_t mask;
    Py_ssize_t *ids;
    Py_UCS4 **chars; /* each key's characters */
    Py_ssize_t *lengths;
    Py_ssize_t count;
} Literals;

#define ALONE 0x110000 /* the "second character" of a one-character key */

static uint64_t
literal_key(Py_UCS4 first, Py_UCS4 second)
{
    return ((uint64_t)first << 21 | second) + 1;
}

static size_t
bucket_of(size_t mask, uint64_t key)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

static const Bucket *
find_bucket(const Literals *self, uint64_t key)
{
    for (size_t at = bucket_of(self->mask, key);; at = (at + 1) & self->mask) {
        const Bucket *bucket = &self->buckets[at];
        if (bucket->key == key) {
            return bucket;
        }
        if (bucket->key == 0) {
            return NULL;
        }
    }
}

static void
Literals_dealloc(Literals *self)
{
    if (self->chars != NULL) {
        for (Py_ssize_t i = 0; i < self->count; i++) {
            PyMem_Free(self->chars[i]);
        }
    }
    PyMem_Free(self->chars);
    PyMem_Free(self->lengths);
    PyMem_Free(self->ids);
    PyMem_Free(self->buckets);
    PyMem_Free(self->firsts);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static uint64_t
key_of(const Literals *self, Py_ssize_t id)
{
    const Py_UCS4 *chars = self->chars[id];
    return literal_key(chars[0], self->lengths[id] > 1 ? chars[1] : ALONE);
}

static PyObject *
Literals_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    PyObject *keys;
    static char *keywords[] = {"keys", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:Literals", keywords, &keys)) {
        return NULL;
    }
    PyObject *sequence = PySequence_Fast(keys, "Literals: keys must be a sequence of str");
    if (sequence == NULL) {
        return NULL;
    }
    Literals *self = (Literals *)type->tp_alloc(type, 0);
    if (self == NULL) {
        Py_DECREF(sequence);
        return NULL;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(sequence);
    size_t size = 16;
    while (size < (size_t)count * 2) {
        size <<= 1;
    }
    self->mask = size - 1;
    self->firsts = PyMem_Calloc(0x10000 / 64, sizeof(uint64_t));
    self->buckets = PyMem_Calloc(size, sizeof(Bucket));
    self->ids = PyMem_Calloc((size_t)(count ? count : 1), sizeof(Py_ssize_t));
    self->chars = PyMem_Calloc((size_t)(count ? count : 1), sizeof(Py_UCS4 *));
    self->lengths = PyMem_Calloc((size_t)(count ? count : 1), sizeof(Py_ssize_t));
    if (self->firsts == NULL || self->buckets == NULL || self->ids == NULL ||
        self->chars == NULL || self->lengths == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *key = PySequence_Fast_GET_ITEM(sequence, i);
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) == 0) {
            PyErr_SetString(PyExc_TypeError, "Literals: a key is a non-empty str");
            goto fail;
        }
        self->chars[i] = PyUnicode_AsUCS4Copy(key);
        if (self->chars[i] == NULL) {
            goto fail;
        }
        self->count = i + 1;
        self->lengths[i] = PyUnicode_GET_LENGTH(key);
        Py_UCS4 first = self->chars[i][0];
        if (first > 0xFFFF) {
            self->astral = 1;
        }
        else {
            self->firsts[first >> 6] |= (uint64_t)1 << (first & 63);
        }
        /* Count the bucket's keys; their ids are placed below. */
        uint64_t pair = key_of(self, i);
        size_t at = bucket_of(self->mask, pair);
        while (self->buckets[at].key != 0 && self->buckets[at].key != pair) {
            at = (at + 1) & self->mask;
        }
        self->buckets[at].key = pair;
        self->buckets[at].count++;
    }
    Py_ssize_t next = 0;
    for (size_t at = 0; at < size; at++) {
        if (self->buckets[at].key != 0) {
            self->buckets[at].start = next;
            next += self->buckets[at].count;
            self->buckets[at].count = 0;
        }
    }
    for (Py_ssize_t i = 0; i < count; i++) { /* ids in key order within each bucket */
        Bucket *bucket = (Bucket *)find_bucket(self, key_of(self, i));
        self->ids[bucket->start + bucket->count++] = i;
    }
    Py_DECREF(sequence);
    return (PyObject *)self;
fail:
    Py_DECREF(sequence);
    Py_DECREF(self);
    return NULL;
}

/* Appends (id, start, end) to found for each key of `bucket` at text[at:]. */
static int
match_bucket(const Literals *self, const Bucket *bucket, int kind, const void *data,
             Py_ssize_t length, Py_ssize_t at, PyObject *found)
{
    for (Py_ssize_t b = 0; b < bucket->count; b++) {
        Py_ssize_t id = self->ids[bucket->start + b];
        Py_ssize_t size = self->lengths[id];
        if (at + size > length) {
            continue;
        }
        const Py_UCS4 *chars = self->chars[id];
        Py_ssize_t i = 2;
        while (i < size && PyUnicode_READ(kind, data, at + i) == chars[i]) {
            i++;
        }
        if (i < size) {
            continue;
        }
        PyObject *match = Py_BuildValue("(nnn)", id, at, at + size);
        if (match == NULL || PyList_Append(found, match) < 0) {
            Py_XDECREF(match);
            return -1;
        }
        Py_DECREF(match);
    }
    return 0;
}

/* literals.find(text) -> [(key index, start, end)]: every occurrence of every key, by start
 * (one-character keys first), then in key order. */
static PyObject *
Literals_find(Literals *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "find: text must be a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    PyObject *found = PyList_New(0);
    if (found == NULL || self->count == 0) {
        return found;
    }
    const uint64_t *firsts = self->firsts;
    for (Py_ssize_t at = 0; at < length; at++) {
        Py_UCS4 first = PyUnicode_READ(kind, data, at);
        if (first > 0xFFFF ? !self->astral : !(firsts[first >> 6] >> (first & 63) & 1)) {
            continue;
        }
        const Bucket *bucket = find_bucket(self, literal_key(first, ALONE));
        if (bucket != NULL && match_bucket(self, bucket, kind, data, length, at, found) < 0) {
            goto fail;
        }
        if (at + 1 < length) {
            bucket = find_bucket(self, literal_key(first, PyUnicode_READ(kind, data, at + 1)));
            if (bucket != NULL &&
                match_bucket(self, bucket, kind, data, length, at, found) < 0) {
                goto fail;
            }
        }
    }
    return found;
fail:
    Py_DECREF(found);
    return NULL;
}

static PyMethodDef Literals_methods[] = {
    {"find", (PyCFunction)Literals_find, METH_O,
     "find(text) -> [(key index, start, end)]: every occurrence of every key."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject LiteralsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "speechlint._speedups.Literals",
    .tp_basicsize = sizeof(Literals),
    .tp_dealloc = (destructor)Literals_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Finds every occurrence of every key, overlapping ones included.",
    .tp_methods = Literals_methods,
    .tp_new = Literals_new,
};

/* ---------------------------------------------------------------- repeated sentences */

static int
is_sentence_end(Py_UCS4 ch)
{
    return is_terminator(ch) || ch == 0xFF1B || ch == ';'; /* 。！？!?…；; */
}

/* repeated_sentences(texts, spans, spaced, min_length) -> [(index, first index)]: the
 * sentences (spans[u] of texts[u], numbered across the units in order) whose key -- the
 * sentence less its final 。！？!?…；;, and in a unit whose spaced[u] is true less every white
 * space character (str.split's) -- equals an earlier one's, with the index of the first, for
 * keys of at least min_length characters (D602; plugins/drafting/duplicate_sentence.py). */
static PyObject *
speedups_repeated_sentences(PyObject *module, PyObject *args)
{
    PyObject *texts, *spans, *spaced;
    Py_ssize_t min_length;
    if (!PyArg_ParseTuple(args, "O!O!O!n:repeated_sentences", &PyList_Type, &texts,
                          &PyList_Type, &spans, &PyList_Type, &spaced, &min_length)) {
        return NULL;
    }
    Py_ssize_t units = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(spans) != units || PyList_GET_SIZE(spaced) != units) {
        PyErr_SetString(PyExc_ValueError, "repeated_sentences: texts, spans, spaced differ in length");
        return NULL;
    }
    Py_ssize_t count = 0, chars = 0;
    for (Py_ssize_t u = 0; u < units; u++) {
        PyObject *text = PyList_GET_ITEM(texts, u), *unit_spans = PyList_GET_ITEM(spans, u);
        if (!PyUnicode_Check(text) || !PyTuple_Check(unit_spans)) {
            PyErr_SetString(PyExc_TypeError, "repeated_sentences: a text is a str, its spans a tuple");
            return NULL;
        }
        count += PyTuple_GET_SIZE(unit_spans);
        chars += PyUnicode_GET_LENGTH(text);
    }
    Py_UCS4 *buffer = PyMem_Malloc((size_t)(chars ? chars : 1) * sizeof(Py_UCS4));
    Py_ssize_t *starts = PyMem_Malloc((size_t)(count + 1) * sizeof(Py_ssize_t));
    uint64_t *hashes = PyMem_Malloc((size_t)(count ? count : 1) * sizeof(uint64_t));
    size_t size = 16;
    while (size < (size_t)count * 2) {
        size <<= 1;
    }
    Py_ssize_t *table = PyMem_Malloc(size * sizeof(Py_ssize_t));
    PyObject *found = PyList_New(0);
    if (buffer == NULL || starts == NULL || hashes == NULL || table == NULL || found == NULL) {
        if (found != NULL) {
            PyErr_NoMemory();
        }
        goto fail;
    }
    for (size_t i = 0; i < size; i++) {
        table[i] = -1;
    }
    Py_ssize_t sentence = 0, used = 0;
    for (Py_ssize_t u = 0; u < units; u++) {
        PyObject *text = PyList_GET_ITEM(texts, u), *unit_spans = PyList_GET_ITEM(spans, u);
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t length = PyUnicode_GET_LENGTH(text);
        int strip_space = PyObject_IsTrue(PyList_GET_ITEM(spaced, u));
        if (strip_space < 0) {
            goto fail;
        }
        for (Py_ssize_t s = 0; s < PyTuple_GET_SIZE(unit_spans); s++, sentence++) {
            PyObject *span = PyTuple_GET_ITEM(unit_spans, s);
            Py_ssize_t begin, end;
            if (!PyArg_ParseTuple(span, "nn", &begin, &end)) {
                goto fail;
            }
            if (begin < 0 || end > length || begin > end) {
                PyErr_SetString(PyExc_IndexError, "repeated_sentences: a span outside its text");
                goto fail;
            }
            starts[sentence] = used;
            for (Py_ssize_t i = begin; i < end; i++) {
                Py_UCS4 ch = PyUnicode_READ(kind, data, i);
                if (!strip_space || !Py_UNICODE_ISSPACE(ch)) {
                    buffer[used++] = ch;
                }
            }
            while (used > starts[sentence] && is_sentence_end(buffer[used - 1])) {
                used--;
            }
            uint64_t hash = 1469598103934665603ull;
            for (Py_ssize_t i = starts[sentence]; i < used; i++) {
                hash = (hash ^ buffer[i]) * 1099511628211ull;
            }
            hashes[sentence] = hash;
            Py_ssize_t key_length = used - starts[sentence];
            for (size_t at = (size_t)(hash >> 7) & (size - 1);; at = (at + 1) & (size - 1)) {
                Py_ssize_t first = table[at];
                if (first < 0) {
                    table[at] = sentence;
                    break;
                }
                Py_ssize_t first_length = starts[first + 1] - starts[first];
                if (hashes[first] == hash && first_length == key_length &&
                    memcmp(buffer + starts[first], buffer + starts[sentence],
                           (size_t)key_length * sizeof(Py_UCS4)) == 0) {
                    if (key_length >= min_length) {
                        PyObject *pair = Py_BuildValue("(nn)", sentence, first);
                        if (pair == NULL || PyList_Append(found, pair) < 0) {
                            Py_XDECREF(pair);
                            goto fail;
                        }
                        Py_DECREF(pair);
                    }
                    break;
                }
            }
            starts[sentence + 1] = used;
        }
    }
    PyMem_Free(buffer);
    PyMem_Free(starts);
    PyMem_Free(hashes);
    PyMem_Free(table);
    return found;
fail:
    PyMem_Free(buffer);
    PyMem_Free(starts);
    PyMem_Free(hashes);
    PyMem_Free(table);
    Py_XDECREF(found);
    return NULL;
}

/* ---------------------------------------------------------------- module */

static PyMethodDef speedups_methods[] = {
    {"split", speedups_split, METH_VARARGS,
     "split(text, start, stop, limit): the sentences of text[start:stop] (at most limit)."},
    {"repeated_sentences", speedups_repeated_sentences, METH_VARARGS,
     "repeated_sentences(texts, spans, spaced, min_length): D602's repeated sentences."},
    {"split_stretches", speedups_split_stretches, METH_VARARGS,
     "split_stretches(text, stretches): each stretch's sentences, relative to its start."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_speedups",
    .m_doc = "The engine's per-character loops, in C.",
    .m_size = -1,
    .m_methods = speedups_methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    static struct {
        const char *name;
        PyTypeObject *type;
    } types[] = {{"RareScanner", &RareScannerType}, {"Literals", &LiteralsType}};
    PyObject *created = PyModule_Create(&module);
    if (created == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (PyType_Ready(types[i].type) < 0) {
            Py_DECREF(created);
            return NULL;
        }
        Py_INCREF(types[i].type);
        if (PyModule_AddObject(created, types[i].name, (PyObject *)types[i].type) < 0) {
            Py_DECREF(types[i].type);
            Py_DECREF(created);
            return NULL;
        }
    }
    return created;
}
