/* outline: bookmarks from the layout's pages and heading cells (see outline.h). */
#include "outline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"

#define NONE ((size_t)-1)

static void add(yk_outline *o, int level, char *title, size_t page)
{
    o->entries = yk_xrealloc(o->entries, (o->count + 1) * sizeof *o->entries);
    o->entries[o->count++] = (yk_outline_entry){level, title, page};
}

static const char *form_label(const char *name, const yk_outline_form *forms, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (forms[i].name && strcmp(forms[i].name, name) == 0 && forms[i].label)
            return forms[i].label;
    return name;
}

/* A heading cell's field: "issues[N].title" (*strategy = NONE) or
 * "issues[N].strategies[M].title". False for any other field. */
static bool heading_field(const char *field, size_t *issue, size_t *strategy)
{
    unsigned long n, m;
    int end = 0;
    if (sscanf(field, "issues[%lu].title%n", &n, &end) == 1 && end > 0 && field[end] == '\0') {
        *issue = n, *strategy = NONE;
        return true;
    }
    end = 0;
    if (sscanf(field, "issues[%lu].strategies[%lu].title%n", &n, &m, &end) == 2 && end > 0 &&
        field[end] == '\0') {
        *issue = n, *strategy = m;
        return true;
    }
    return false;
}

static const char *text_of(const yk_yaml_node *map, const char *key)
{
    const yk_yaml_node *v = yk_yaml_get(map, key);
    return v && v->kind == YK_YAML_SCALAR && !yk_yaml_is_null(v) ? v->scalar : NULL;
}

static const yk_yaml_node *item(const yk_yaml_node *map, const char *key, size_t index)
{
    const yk_yaml_node *list = yk_yaml_get(map, key);
    if (!list || list->kind != YK_YAML_SEQUENCE || index >= list->count)
        return NULL;
    return list->items[index];
}

/* "経営課題１　title" or "戦略１－１　title", as the forms print them without brackets; the
 * number falls back to the position when the plan has none. */
static char *heading_title(const yk_plan *plan, size_t issue, size_t strategy)
{
    const yk_yaml_node *node = item(yk_plan_root(plan), "issues", issue);
    const char *prefix = "経営課題";
    char fallback[48];
    snprintf(fallback, sizeof fallback, "%zu", issue + 1);
    if (strategy != NONE) {
        node = item(node, "strategies", strategy);
        prefix = "戦略";
        snprintf(fallback, sizeof fallback, "%zu-%zu", issue + 1, strategy + 1);
    }
    const char *number = text_of(node, "number");
    const char *title = text_of(node, "title");
    char *fw = yk_fullwidth_number(number ? number : fallback);
    char *s = yk_xasprintf("%s%s%s%s", prefix, fw, title ? "　" : "", title ? title : "");
    free(fw);
    return s;
}

/* Bookmarks of the headings on one page, each only where it is first printed (a heading
 * repeated on a continuation page opens nothing new). */
static void page_headings(yk_outline *o, const yk_layout_page *page, size_t page_index,
                          const yk_plan *plan, size_t *last_issue, size_t *last_strategy)
{
    for (size_t b = 0; b < page->box_count; b++) {
        size_t issue, strategy;
        if (!page->boxes[b].field || !heading_field(page->boxes[b].field, &issue, &strategy))
            continue;
        if (strategy == NONE && issue != *last_issue) {
            add(o, 1, heading_title(plan, issue, NONE), page_index);
            *last_issue = issue, *last_strategy = NONE;
        } else if (strategy != NONE && issue == *last_issue && strategy != *last_strategy) {
            add(o, 2, heading_title(plan, issue, strategy), page_index);
            *last_strategy = strategy;
        }
    }
}

void yk_outline_build(const yk_layout *layout, const yk_plan *plan, const yk_outline_form *forms,
                      size_t form_count, yk_outline *out)
{
    memset(out, 0, sizeof *out);
    const char *form = NULL;
    size_t last_issue = NONE, last_strategy = NONE;
    for (size_t p = 0; p < layout->page_count; p++) {
        const yk_layout_page *page = &layout->pages[p];
        if (!form || strcmp(form, page->form) != 0) {
            form = page->form;
            add(out, 0, yk_xstrdup(form_label(form, forms, form_count)), p);
            last_issue = last_strategy = NONE;
        }
        page_headings(out, page, p, plan, &last_issue, &last_strategy);
    }
}

void yk_outline_free(yk_outline *outline)
{
    for (size_t i = 0; i < outline->count; i++)
        free(outline->entries[i].title);
    free(outline->entries);
    memset(outline, 0, sizeof *outline);
}
