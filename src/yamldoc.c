/* yamldoc: builds the node tree from libyaml's event stream. Every node is reached from the
 * document's root; a failed load frees what was built and returns NULL. */
#include "yamldoc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

/* Far deeper than any plan; it keeps a hostile file from exhausting the C stack. */
#define MAX_DEPTH 100

typedef struct loader {
    yaml_parser_t parser;
    const char *bytes; /* the input, for locating reader errors */
    size_t len;
    const char *name;
    yk_diag *d;
    bool failed; /* a semantic error was reported; parsing goes on to find more */
    size_t seen_line, seen_offset; /* a 0-based line and the byte where it starts */
    size_t col_line, col, col_offset; /* the last mark found: its line, column and byte */
    bool col_known;
} loader;

/* Where a node is, for messages: a chain up to the root (NULL), made into a path such as
 * "issues[1].summary" only when a message needs it. */
typedef struct where {
    const struct where *up;
    const char *key; /* a mapping key, or NULL for the item `index` of a list */
    size_t index;
} where;

static char *where_path(const where *w)
{
    if (!w)
        return yk_xstrdup("");
    char *up = where_path(w->up);
    char *path = yk_join_path(up, w->key, w->index);
    free(up);
    return path;
}

static yk_yaml_node *parse_node(loader *L, yaml_event_t *ev, const where *at, int depth);
static yk_scalar meaning_of(const yk_yaml_node *node);

/* ---- locations and errors ---- */

/* The byte offset of a libyaml mark, whose index counts characters, not bytes. Marks are
 * asked for in file order, so the scan resumes from the last line found. */
static size_t mark_offset(loader *L, const yaml_mark_t *m)
{
    if (m->line < L->seen_line)
        L->seen_line = L->seen_offset = 0;
    size_t i = L->seen_offset;
    for (size_t line = L->seen_line; line < m->line && i < L->len;) {
        const char *nl = memchr(L->bytes + i, '\n', L->len - i);
        if (!nl)
            break;
        i = (size_t)(nl - L->bytes) + 1;
        L->seen_line = ++line, L->seen_offset = i;
    }
    i = L->seen_offset;
    size_t col = 0;
    /* a key and its value end on one line: go on from the last mark there */
    if (L->col_known && L->col_line == m->line && L->col <= m->column) {
        col = L->col;
        i = L->col_offset;
    }
    for (; col < m->column && i < L->len; col++) {
        uint32_t cp;
        i += (unsigned char)L->bytes[i] < 0x80 ? 1 : yk_utf8_decode(L->bytes + i, L->len - i, &cp);
    }
    L->col_known = true;
    L->col_line = m->line;
    L->col = col;
    L->col_offset = i;
    return i;
}

/* libyaml's reader errors carry a byte offset but no line, so count them ourselves. */
static void offset_to_mark(const loader *L, size_t offset, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < offset && i < L->len; i++) {
        unsigned char c = (unsigned char)L->bytes[i];
        if (c == '\n') {
            (*line)++;
            *col = 1;
        } else if ((c & 0xC0) != 0x80) {
            (*col)++; /* columns count characters, as libyaml's marks do */
        }
    }
}

static void report_reader_error(loader *L)
{
    const yaml_parser_t *p = &L->parser;
    int line, col;
    offset_to_mark(L, p->problem_offset, &line, &col);
    const char *problem = p->problem ? p->problem : "unreadable input";
    if (strstr(problem, "UTF-8") || strstr(problem, "UTF-16"))
        yk_diag_error(L->d, L->name, line, col, NULL,
                      "the file is not valid UTF-8 (%s, byte 0x%02X); save it as UTF-8", problem,
                      (unsigned)p->problem_value & 0xFFu);
    else if (strstr(problem, "control characters"))
        yk_diag_error(L->d, L->name, line, col, NULL,
                      "control character U+%04X is not allowed in a plan", (unsigned)p->problem_value);
    else
        yk_diag_error(L->d, L->name, line, col, NULL, "cannot read the file: %s", problem);
}

/* libyaml's words for the mistakes people make most, and what to do about them. */
static const char *syntax_hint(const char *problem)
{
    static const char *const hints[][2] = {
        {"mapping values are not allowed",
         YK_N_("; a ': ' inside a value starts a key, so quote the value")},
        {"tab character", YK_N_("; indent with spaces, not tabs")},
        {"did not find expected key", YK_N_("; check the indentation of this line")},
        {"found character that cannot start any token",
         YK_N_("; a value cannot start with this character unless it is quoted")},
    };
    for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++)
        if (strstr(problem, hints[i][0]))
            return yk_tr(hints[i][1]);
    return "";
}

/* libyaml's own problem and context words, translated when they are among the usual ones
 * (the rest stay as libyaml wrote them). */
static const char *libyaml_words(const char *s)
{
    static const char *const known[] = {
        YK_N_("mapping values are not allowed in this context"),
        YK_N_("found character that cannot start any token"),
        YK_N_("did not find expected key"),
        YK_N_("found a tab character that violates indentation"),
        YK_N_("found a tab character where an indentation space is expected"),
        YK_N_("did not find expected ',' or ']'"),
        YK_N_("did not find expected ',' or '}'"),
        YK_N_("could not find expected ':'"),
        YK_N_("found unexpected end of stream"),
        YK_N_("did not find expected node content"),
        YK_N_("did not find expected '-' indicator"),
        YK_N_("block sequence entries are not allowed in this context"),
        YK_N_("found unknown escape character"),
        YK_N_("found unexpected ':'"),
        YK_N_("while scanning a plain scalar"),
        YK_N_("while scanning a quoted scalar"),
        YK_N_("while scanning a block scalar"),
        YK_N_("while scanning a simple key"),
        YK_N_("while scanning for the next token"),
        YK_N_("while parsing a block mapping"),
        YK_N_("while parsing a block collection"),
        YK_N_("while parsing a block node"),
        YK_N_("while parsing a flow sequence"),
        YK_N_("while parsing a flow mapping"),
        YK_N_("while parsing a flow node"),
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(s, known[i]) == 0)
            return yk_tr(known[i]);
    return s;
}

/* A tab in a line's indentation: libyaml calls it several names, the fix is always one. */
static bool tab_in_indent(loader *L, const yaml_mark_t *m)
{
    size_t offset = mark_offset(L, m);
    if (offset >= L->len || L->bytes[offset] != '\t')
        return false;
    while (offset > 0 && L->bytes[offset - 1] != '\n') {
        offset--;
        if (L->bytes[offset] != ' ' && L->bytes[offset] != '\t')
            return false;
    }
    return true;
}

static void report_parser_error(loader *L)
{
    const yaml_parser_t *p = &L->parser;
    if (p->error == YAML_READER_ERROR) {
        report_reader_error(L);
        return;
    }
    if (p->error == YAML_MEMORY_ERROR) {
        yk_diag_error(L->d, L->name, 0, 0, NULL, "out of memory while reading YAML");
        return;
    }
    int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
    const char *problem = p->problem ? p->problem : "unknown problem";
    if (tab_in_indent(L, &p->problem_mark))
        yk_diag_error(L->d, L->name, line, col, NULL,
                      "a tab at the start of the line: indent with spaces, not tabs");
    else if (p->context)
        yk_diag_error(L->d, L->name, line, col, NULL, "YAML syntax error: %s (%s at line %d)%s",
                      libyaml_words(problem), libyaml_words(p->context),
                      (int)p->context_mark.line + 1, syntax_hint(problem));
    else
        yk_diag_error(L->d, L->name, line, col, NULL, "YAML syntax error: %s%s",
                      libyaml_words(problem), syntax_hint(problem));
}

static bool next_event(loader *L, yaml_event_t *ev)
{
    if (yaml_parser_parse(&L->parser, ev))
        return true;
    report_parser_error(L);
    return false;
}

static void semantic_error(loader *L, const yaml_mark_t *m, const where *at, const char *fmt,
                           ...) YK_PRINTF(4, 5);

static void semantic_error(loader *L, const yaml_mark_t *m, const where *at, const char *fmt,
                           ...)
{
    char *path = where_path(at);
    va_list ap;
    va_start(ap, fmt);
    yk_diag_verror(L->d, L->name, (int)m->line + 1, (int)m->column + 1, *path ? path : NULL, fmt,
                   ap);
    va_end(ap);
    free(path);
    L->failed = true;
}

/* ---- nodes ---- */

static void node_free(yk_yaml_node *n)
{
    if (!n)
        return;
    free(n->scalar);
    free(n->comment);
    for (size_t i = 0; i < n->count; i++)
        node_free(n->items[i]);
    free(n->items);
    for (size_t i = 0; i < n->pair_count; i++) {
        node_free(n->pairs[i].key);
        node_free(n->pairs[i].value);
    }
    free(n->pairs);
    free(n);
}

static yk_yaml_node *node_new(yk_yaml_kind kind, const yaml_mark_t *m)
{
    yk_yaml_node *n = yk_xcalloc(1, sizeof *n);
    n->kind = kind;
    n->line = (int)m->line + 1;
    n->col = (int)m->column + 1;
    return n;
}

/* Anchors would let one value appear in two places; the format has no use for that. */
static void reject_anchor(loader *L, const yaml_event_t *ev, const yaml_char_t *anchor,
                          const where *at)
{
    if (anchor)
        semantic_error(L, &ev->start_mark, at,
                       "anchors are not allowed in a plan (found '&%s'); write the value out",
                       (const char *)anchor);
}

/* YAML ends a plain value at " #" and drops the rest of the line as a comment; keep what was
 * dropped so the plan can warn when it was likely meant as text. */
static void keep_comment(loader *L, yk_yaml_node *n, const yaml_mark_t *end)
{
    size_t start = mark_offset(L, end), i = start, col = end->column;
    while (i < L->len && (L->bytes[i] == ' ' || L->bytes[i] == '\t')) {
        i++;
        col++;
    }
    if (i == start || i >= L->len || L->bytes[i] != '#')
        return;
    size_t stop = i;
    while (stop < L->len && L->bytes[stop] != '\n' && L->bytes[stop] != '\r')
        stop++;
    n->comment = yk_xstrndup(L->bytes + i, stop - i);
    n->comment_line = (int)end->line + 1;
    n->comment_col = (int)col + 1;
}

/* East Asian wide, full-width and half-width characters but Hangul: those between which a
 * folded line break is no space (CSS Text's segment break rule). */
static bool is_wide_for_folding(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF01 && c <= 0xFF9F) || (c >= 0xFFE0 && c <= 0xFFE6) ||
           (c >= 0x20000 && c <= 0x3FFFD);
}

/* YAML folds a line break inside a plain, quoted or folded (>) scalar into a space. Japanese written
 * over several lines has no spaces: "行き交い、\n  だれもが" means "行き交い、だれもが", not
 * "行き交い、 だれもが" with a stray half-width gap. So a space that stands for exactly one
 * source line break between two wide characters is dropped, as CSS does with a segment
 * break between East Asian characters. The value and the source are walked together, so a
 * space written in the line itself is kept; should they ever disagree, nothing changes. */
static void unfold_wide_breaks(loader *L, yk_yaml_node *n, const yaml_event_t *ev)
{
    if (ev->start_mark.line == ev->end_mark.line || !memchr(n->scalar, ' ', n->len))
        return;
    size_t si = mark_offset(L, &ev->start_mark), end = mark_offset(L, &ev->end_mark);
    yaml_scalar_style_t style = ev->data.scalar.style;
    if (style == YAML_FOLDED_SCALAR_STYLE) /* past the > header line */
        while (si < end && L->bytes[si++] != '\n') {}
    if (style == YAML_DOUBLE_QUOTED_SCALAR_STYLE || style == YAML_SINGLE_QUOTED_SCALAR_STYLE) {
        /* between the quotes; an escape (\n, \u3000, '') writes other characters than the
         * source's, so such a value is left as YAML reads it */
        bool dq = style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        for (size_t k = si + 1; k + 1 < end; k++)
            if (dq ? L->bytes[k] == '\\' : L->bytes[k] == '\'' && L->bytes[k + 1] == '\'')
                return;
        si++;
    }
    char *v = n->scalar;
    size_t vi = 0, out = 0;
    uint32_t prev = 0;
    while (vi < n->len) {
        size_t ws = vi, lines = 0;
        while (vi < n->len && (v[vi] == ' ' || v[vi] == '\n' || v[vi] == '\t'))
            vi++;
        while (si < end && (L->bytes[si] == ' ' || L->bytes[si] == '\t' || L->bytes[si] == '\r' ||
                            L->bytes[si] == '\n'))
            lines += L->bytes[si++] == '\n';
        uint32_t next = 0;
        size_t k = vi < n->len ? yk_utf8_decode(v + vi, n->len - vi, &next) : 0;
        bool fold = vi - ws == 1 && v[ws] == ' ' && lines == 1;
        if (!(fold && is_wide_for_folding(prev) && is_wide_for_folding(next))) {
            memmove(v + out, v + ws, vi - ws);
            out += vi - ws;
        }
        if (k == 0)
            break;
        if (si + k > end || memcmp(L->bytes + si, v + vi, k) != 0) {
            memmove(v + out, v + vi, n->len - vi); /* not the source: keep the rest as read */
            out += n->len - vi;
            break;
        }
        memmove(v + out, v + vi, k);
        out += k, vi += k, si += k, prev = next;
    }
    n->len = out;
    v[out] = '\0';
}

static yk_yaml_node *make_scalar(loader *L, const yaml_event_t *ev, const where *at)
{
    reject_anchor(L, ev, ev->data.scalar.anchor, at);
    yk_yaml_node *n = node_new(YK_YAML_SCALAR, &ev->start_mark);
    n->len = ev->data.scalar.length;
    n->scalar = yk_xstrndup((const char *)ev->data.scalar.value, n->len);
    /* an explicit tag (e.g. !!str 12) makes the text literal, like quoting it */
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev->data.scalar.tag;
    if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
        keep_comment(L, n, &ev->end_mark);
    if (ev->data.scalar.style != YAML_LITERAL_SCALAR_STYLE)
        unfold_wide_breaks(L, n, ev);
    n->meaning = meaning_of(n); /* asked for again and again by plan, bind and forms */
    return n;
}

static yk_yaml_node *parse_sequence(loader *L, const yaml_event_t *start, const where *at,
                                    int depth)
{
    reject_anchor(L, start, start->data.sequence_start.anchor, at);
    yk_yaml_node *n = node_new(YK_YAML_SEQUENCE, &start->start_mark);
    n->flow = start->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    size_t cap = 0;
    for (;;) {
        yaml_event_t ev;
        if (!next_event(L, &ev))
            goto fail;
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            return n;
        }
        where sub = {at, NULL, n->count};
        yk_yaml_node *item = parse_node(L, &ev, &sub, depth + 1);
        if (!item)
            goto fail;
        n->items = yk_reserve(n->items, n->count + 1, &cap, sizeof *n->items);
        n->items[n->count++] = item;
    }
fail:
    node_free(n);
    return NULL;
}

/* Reports a non-scalar or repeated key; returns whether the pair may be kept. */
static bool check_key(loader *L, const yk_yaml_node *map, const yk_yaml_node *key,
                      const where *at)
{
    if (key->kind != YK_YAML_SCALAR) {
        char *path = where_path(at);
        yk_diag_error(L->d, L->name, key->line, key->col, *path ? path : NULL,
                      "a key must be a single word or text, not a %s",
                      key->kind == YK_YAML_SEQUENCE ? "list" : "mapping");
        free(path);
        L->failed = true;
        return false;
    }
    for (size_t i = 0; i < map->pair_count; i++) {
        const yk_yaml_node *prev = map->pairs[i].key;
        if (prev->len == key->len && memcmp(prev->scalar, key->scalar, key->len) == 0) {
            where field_at = {at, key->scalar, 0};
            char *field = where_path(&field_at);
            yk_diag_error(L->d, L->name, key->line, key->col, field,
                          "duplicate key '%s' (first at line %d)", key->scalar, prev->line);
            free(field);
            L->failed = true;
            return false;
        }
    }
    return true;
}

static void add_pair(yk_yaml_node *map, size_t *cap, yk_yaml_node *key, yk_yaml_node *value)
{
    map->pairs = yk_reserve(map->pairs, map->pair_count + 1, cap, sizeof *map->pairs);
    map->pairs[map->pair_count++] = (yk_yaml_pair){key, value};
}

/* Parses the value event that follows key; the path names the key for diagnostics. */
static yk_yaml_node *parse_value(loader *L, const where *at, const yk_yaml_node *key, int depth)
{
    yaml_event_t ev;
    if (!next_event(L, &ev))
        return NULL;
    where sub = {at, key->scalar, 0};
    return parse_node(L, &ev, key->kind != YK_YAML_SCALAR ? at : &sub, depth + 1);
}

static yk_yaml_node *parse_mapping(loader *L, const yaml_event_t *start, const where *at,
                                   int depth)
{
    reject_anchor(L, start, start->data.mapping_start.anchor, at);
    yk_yaml_node *n = node_new(YK_YAML_MAPPING, &start->start_mark);
    n->flow = start->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    size_t cap = 0;
    for (;;) {
        yaml_event_t ev;
        if (!next_event(L, &ev))
            break;
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            return n;
        }
        yk_yaml_node *key = parse_node(L, &ev, at, depth + 1);
        if (!key)
            break;
        yk_yaml_node *value = parse_value(L, at, key, depth);
        if (!value) {
            node_free(key);
            break;
        }
        if (check_key(L, n, key, at)) {
            add_pair(n, &cap, key, value);
        } else {
            node_free(key);
            node_free(value);
        }
    }
    node_free(n);
    return NULL;
}

/* Consumes ev (and the events of its children). NULL after a fatal (syntax) error. */
static yk_yaml_node *parse_node(loader *L, yaml_event_t *ev, const where *at, int depth)
{
    yk_yaml_node *n = NULL;
    if (depth > MAX_DEPTH) {
        semantic_error(L, &ev->start_mark, at, "%s", "the YAML is nested too deeply");
    } else if (ev->type == YAML_SCALAR_EVENT) {
        n = make_scalar(L, ev, at);
    } else if (ev->type == YAML_SEQUENCE_START_EVENT) {
        n = parse_sequence(L, ev, at, depth);
    } else if (ev->type == YAML_MAPPING_START_EVENT) {
        n = parse_mapping(L, ev, at, depth);
    } else if (ev->type == YAML_ALIAS_EVENT) {
        semantic_error(L, &ev->start_mark, at,
                       "aliases are not allowed in a plan (found '*%s'); write the value out",
                       (const char *)ev->data.alias.anchor);
    } else {
        semantic_error(L, &ev->start_mark, at, "%s", "unexpected YAML structure");
    }
    yaml_event_delete(ev);
    return n;
}

/* ---- documents ---- */

/* Expects the event after the document's root: DOCUMENT-END, then STREAM-END. */
static bool parse_tail(loader *L)
{
    yaml_event_t ev;
    if (!next_event(L, &ev))
        return false;
    yaml_event_delete(&ev); /* DOCUMENT-END */
    if (!next_event(L, &ev))
        return false;
    bool more = ev.type == YAML_DOCUMENT_START_EVENT;
    if (more)
        semantic_error(L, &ev.start_mark, NULL, "%s",
                       "a plan holds one YAML document; remove this second '---' document");
    yaml_event_delete(&ev);
    return !more;
}

/* Reads STREAM-START and, when present, DOCUMENT-START and the root. */
static bool parse_stream(loader *L, yk_yaml_doc *doc)
{
    yaml_event_t ev;
    if (!next_event(L, &ev))
        return false;
    yaml_event_delete(&ev); /* STREAM-START */
    if (!next_event(L, &ev))
        return false;
    if (ev.type == YAML_STREAM_END_EVENT) {
        yaml_event_delete(&ev);
        return true; /* an empty file: no document */
    }
    yaml_event_delete(&ev); /* DOCUMENT-START */
    if (!next_event(L, &ev))
        return false;
    doc->root = parse_node(L, &ev, NULL, 0);
    return doc->root && parse_tail(L);
}

yk_yaml_doc *yk_yaml_load_bytes(const char *bytes, size_t len, const char *name, yk_diag *d)
{
    loader L = {.bytes = bytes, .len = len, .name = name, .d = d};
    if (!yaml_parser_initialize(&L.parser)) {
        yk_diag_syserror(d, name, "cannot start the YAML parser");
        return NULL;
    }
    /* libyaml asserts on a NULL input even when it is empty */
    yaml_parser_set_input_string(&L.parser, (const unsigned char *)(bytes ? bytes : ""), len);
    yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);
    yk_yaml_doc *doc = yk_xcalloc(1, sizeof *doc);
    doc->file = yk_xstrdup(name);
    bool ok = parse_stream(&L, doc);
    yaml_parser_delete(&L.parser);
    if (!ok || L.failed) {
        yk_yaml_free(doc);
        return NULL;
    }
    return doc;
}

yk_yaml_doc *yk_yaml_load_file(const char *path, yk_diag *d)
{
    size_t len;
    char *bytes = yk_read_file(path, &len);
    if (!bytes) {
        char eb[YK_ERRBUF];
        yk_diag_syserror(d, path, "cannot read the file: %s", yk_strerror(errno, eb, sizeof eb));
        return NULL;
    }
    yk_yaml_doc *doc = yk_yaml_load_bytes(bytes, len, path, d);
    free(bytes);
    return doc;
}

void yk_yaml_free(yk_yaml_doc *doc)
{
    if (!doc)
        return;
    node_free(doc->root);
    free(doc->file);
    free(doc);
}

/* ---- queries ---- */

const yk_yaml_node *yk_yaml_get(const yk_yaml_node *map, const char *key)
{
    if (!map || map->kind != YK_YAML_MAPPING)
        return NULL;
    for (size_t i = 0; i < map->pair_count; i++)
        if (strcmp(map->pairs[i].key->scalar, key) == 0)
            return map->pairs[i].value;
    return NULL;
}

static bool one_of(const char *s, const char *const *words, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(s, words[i]) == 0)
            return true;
    return false;
}

static bool integer_syntax(const char *s)
{
    const char *digits = s[0] == '-' ? s + 1 : s;
    return *digits && strspn(digits, "0123456789") == strlen(digits);
}

/* Skips a run of digits; false when there is none. */
static bool skip_digits(const char **s)
{
    size_t n = strspn(*s, "0123456789");
    *s += n;
    return n > 0;
}

/* Only the decimal forms a person writes (9.5, -3, 1e3): no hex, inf or nan. */
static bool decimal_syntax(const char *s)
{
    if (*s == '-')
        s++;
    bool whole = skip_digits(&s);
    bool frac = false;
    if (*s == '.') {
        s++;
        frac = skip_digits(&s);
    }
    if (!whole && !frac)
        return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!skip_digits(&s))
            return false;
    }
    return *s == '\0';
}

/* strtol/strtod report range errors through errno, which is per thread. */
static yk_scalar_kind plain_meaning(const char *s, yk_scalar *out)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    static const char *const yes[] = {"true", "True", "TRUE"};
    static const char *const no[] = {"false", "False", "FALSE"};
    if (one_of(s, nulls, 5))
        return YK_SCALAR_NULL;
    if (one_of(s, yes, 3) || one_of(s, no, 3)) {
        out->boolean = one_of(s, yes, 3);
        return YK_SCALAR_BOOL;
    }
    if (!decimal_syntax(s))
        return YK_SCALAR_TEXT;
    errno = 0;
    out->number = strtod(s, NULL);
    if (errno == ERANGE)
        return YK_SCALAR_TEXT;
    if (!integer_syntax(s))
        return YK_SCALAR_NUMBER;
    errno = 0;
    out->integer = strtol(s, NULL, 10);
    return errno == ERANGE ? YK_SCALAR_NUMBER : YK_SCALAR_INT;
}

static yk_scalar meaning_of(const yk_yaml_node *node)
{
    yk_scalar v = {YK_SCALAR_TEXT, false, 0, 0};
    /* a NUL inside a plain scalar makes it text: its C string would mean something else */
    if (node->plain && strlen(node->scalar) == node->len)
        v.kind = plain_meaning(node->scalar, &v);
    return v;
}

bool yk_yaml_scalar(const yk_yaml_node *node, yk_scalar *out)
{
    if (!node || node->kind != YK_YAML_SCALAR)
        return false;
    *out = node->meaning;
    return true;
}

bool yk_yaml_is_null(const yk_yaml_node *node)
{
    yk_scalar v;
    return yk_yaml_scalar(node, &v) && v.kind == YK_SCALAR_NULL;
}

bool yk_yaml_is_empty(const yk_yaml_node *node)
{
    if (!node || yk_yaml_is_null(node))
        return true;
    if (node->kind == YK_YAML_SEQUENCE)
        return node->count == 0;
    if (node->kind == YK_YAML_MAPPING)
        return node->pair_count == 0;
    return node->len == 0;
}

bool yk_yaml_bool(const yk_yaml_node *node, bool *out)
{
    yk_scalar v;
    if (!yk_yaml_scalar(node, &v) || v.kind != YK_SCALAR_BOOL)
        return false;
    *out = v.boolean;
    return true;
}

bool yk_yaml_int(const yk_yaml_node *node, long *out)
{
    yk_scalar v;
    if (!yk_yaml_scalar(node, &v) || v.kind != YK_SCALAR_INT)
        return false;
    *out = v.integer;
    return true;
}

bool yk_yaml_number(const yk_yaml_node *node, double *out)
{
    yk_scalar v;
    if (!yk_yaml_scalar(node, &v) || (v.kind != YK_SCALAR_INT && v.kind != YK_SCALAR_NUMBER))
        return false;
    *out = v.number;
    return true;
}
