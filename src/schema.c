/* schema: JSON Schema of unei-hoshin/1 from plan's table, and the keys' Japanese labels. */
#include "schema.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

/* ---- labels: the form cell each key fills ---- */

#define MIDTERM_ITEM(p)                                                                        \
    {p ".midterm", "中間振り返り", "様式2・3「中間振り返り」（年度途中に書く）", NULL},         \
    {p ".midterm.status", "進捗状況", "【進捗状況】①：順調　②：順調でない", "①か②"},          \
    {p ".midterm.results", "取組実績（中間）", "中間振り返りの【取組実績】", "100字程度"},     \
    {p ".midterm.remedy", "課題と改善策（中間）", "中間振り返りの【課題と改善策】", "100字程度"}, \
    {p ".review", "自己評価", "様式2・3「自己評価」（年度が終わってから書く）", NULL},          \
    {p ".review.results", "取組実績（自己評価）", "自己評価の【取組実績】", "100字程度"},       \
    {p ".review.remedy", "課題と改善策（自己評価）", "自己評価の【課題と改善策】", "100字程度"}

static const yk_key_label labels[] = {
    {"format", "様式の形式", "計画ファイルの形式。unei-hoshin/1 と書く", NULL},
    {"fiscal_year", "年度", "西暦で書く（2023 なら 令和５年度 と印刷）", "西暦4桁"},
    {"status", "案・確定",
     "draft（案：表題の末尾に（案））または final（確定）。省略すると draft", NULL},
    {"ward", "区", "区の名前・コード・英字名・区長", NULL},
    {"ward.name", "区名", "表題に印刷する区の名前（例: 鶴見区）", NULL},
    {"ward.code", "全国地方公共団体コード", "6桁（最後の桁はチェックデジット）。引用符で囲む",
     NULL},
    {"ward.slug", "英字名", "出力ファイル名に使う英小文字の名前（例: tsurumi）", NULL},
    {"ward.chief", "区長名", "（区長：…）として表題の下に印刷", NULL},
    {"goal", "区・局の目標（何をめざすのか）", "様式1「区・局の目標（何をめざすのか）」", "40字程度"},
    {"mission", "区・局の使命（どのような役割を担うのか）",
     "様式1「区・局の使命（どのような役割を担うのか）」", "100字程度"},
    {"policy", "区・局運営の基本的な考え方（区・局長の方針）",
     "様式1「区・局運営の基本的な考え方（区・局長の方針）」。1項目ずつ「・」を付けて印刷", NULL},
    {"policy[]", "方針（1項目）", "区・局運営の基本的な考え方の1項目", "80字程度"},
    {"issues", "経営課題", "重点的に取り組む主な経営課題。少なくとも1件", NULL},
    {"issues[]", "経営課題（1件）", "経営課題1件と、その戦略・具体的取組", NULL},
    {"issues[].number", "経営課題の番号", "1, 2, 3 …（【経営課題１】と印刷）", NULL},
    {"issues[].title", "経営課題の名称", "様式1・2の経営課題の見出し", "30字程度"},
    {"issues[].summary", "経営課題の概要", "様式1「経営課題の概要」", "120字程度"},
    {"issues[].sdgs", "関連するSDGs", "様式2「関連するSDGs」のゴール番号（1〜17）のリスト", NULL},
    {"issues[].sdgs[]", "SDGsのゴール番号", "1〜17", NULL},
    {"issues[].vision", "めざすべき将来像（最終的なめざす状態）",
     "様式2「めざすべき将来像（最終的なめざす状態）」", "100字程度"},
    {"issues[].current_state", "現状", "様式2「現状」", "150字程度"},
    {"issues[].causes", "要因分析", "様式2「要因分析」", "150字程度"},
    {"issues[].challenge", "課題", "様式2「課題」", "100字程度"},
    {"issues[].strategies", "戦略", "この経営課題の戦略", NULL},
    {"issues[].strategies[]", "戦略（1件）", "戦略1件と、その具体的取組", NULL},
    {"issues[].strategies[].number", "戦略の番号", "経営課題の番号で始める（例: 1-1）", NULL},
    {"issues[].strategies[].title", "戦略の名称", "様式2【戦略】の見出し", "30字程度"},
    {"issues[].strategies[].main", "主な戦略",
     "true なら様式1「主な戦略」に載せる（省略時は最初の戦略）", NULL},
    {"issues[].strategies[].body", "戦略", "様式1「主な戦略」・様式2「戦略」", "80字程度"},
    {"issues[].strategies[].target_state", "めざす状態", "様式2「めざす状態」", "80字程度"},
    {"issues[].strategies[].outcome_indicator", "アウトカム指標", "様式2「アウトカム指標」",
     "80字程度"},
    {"issues[].strategies[].withdrawal_criteria", "撤退・再構築基準", "様式2「撤退・再構築基準」",
     "60字程度"},
    {"issues[].strategies[].past_results", "前年度までの実績", "様式2「前年度までの実績」",
     "100字程度"},
    {"issues[].strategies[].midterm", "中間振り返り", "様式2 戦略の「中間振り返り」", NULL},
    {"issues[].strategies[].midterm.progress", "戦略の進捗状況", "【戦略の進捗状況】",
     "100字程度"},
    {"issues[].strategies[].midterm.outcome_interim", "アウトカム指標の中間実績",
     "【アウトカム指標の中間実績】", "80字程度"},
    {"issues[].strategies[].review", "自己評価", "様式2 戦略の「自己評価」", NULL},
    {"issues[].strategies[].review.outcome_status", "アウトカム指標の達成状況",
     "【アウトカム指標の達成状況】A：目標達成　B：目標未達成", "AかB"},
    {"issues[].strategies[].review.effectiveness", "戦略の有効性",
     "【戦略の有効性】ア：有効であり、継続して推進　イ：有効でないため、戦略を見直す", "アかイ"},
    {"issues[].strategies[].review.remedy", "課題と改善策", "戦略の自己評価の【課題と改善策】",
     "100字程度"},
    {"issues[].strategies[].initiatives", "具体的取組", "この戦略の具体的取組", NULL},
    {"issues[].strategies[].initiatives[]", "具体的取組（1件）", "具体的取組1件", NULL},
    {"issues[].strategies[].initiatives[].number", "具体的取組の番号",
     "戦略の番号で始める（例: 1-1-1）", NULL},
    {"issues[].strategies[].initiatives[].title", "具体的取組の名称", "具体的取組の見出し",
     "20字程度"},
    {"issues[].strategies[].initiatives[].main", "主な具体的取組",
     "true なら様式1「主な具体的取組」に載せる（省略時は最初の取組）", NULL},
    {"issues[].strategies[].initiatives[].budget", "予算額（千円）",
     "千円単位の数字（例: 28523）。前年度と並べるなら {current, previous, settled}", NULL},
    {"issues[].strategies[].initiatives[].budget.current", "当年度予算額（千円）", "千円単位",
     NULL},
    {"issues[].strategies[].initiatives[].budget.previous", "前年度予算額（千円）", "千円単位",
     NULL},
    {"issues[].strategies[].initiatives[].budget.settled", "前年度決算額（千円）", "千円単位",
     NULL},
    {"issues[].strategies[].initiatives[].body", "取組内容",
     "様式1「主な具体的取組」・様式2「取組内容」", "80字程度"},
    {"issues[].strategies[].initiatives[].performance_target", "業績目標", "様式2「業績目標」",
     "60字程度"},
    {"issues[].strategies[].initiatives[].withdrawal_criteria", "撤退・再構築基準",
     "様式2「撤退・再構築基準」", "60字程度"},
    {"issues[].strategies[].initiatives[].past_results", "前年度までの実績",
     "様式2「前年度までの実績」", "100字程度"},
    MIDTERM_ITEM("issues[].strategies[].initiatives[]"),
    {"issues[].strategies[].initiatives[].review.target_status", "業績目標の達成状況",
     "【業績目標の達成状況】①：達成　②：未達成", "①か②"},
    {"reform_items", "「市政改革プラン3.0」に基づく取組等",
     "様式1の表と様式3。ない年は省略（様式3に － を印刷）", NULL},
    {"reform_items[]", "取組（1件）", "「市政改革プラン3.0」に基づく取組1件", NULL},
    {"reform_items[].item", "主な取組項目", "様式1・3「取組項目」", "30字程度"},
    {"reform_items[].content", "取組内容", "様式1・3「取組内容」", "100字程度"},
    {"reform_items[].target", "目標", "様式3「目標」", "60字程度"},
    {"reform_items[].past_results", "前年度までの実績", "様式3「前年度までの実績」",
     "100字程度"},
    MIDTERM_ITEM("reform_items[]"),
    {"reform_items[].review.target_status", "目標の達成状況",
     "【目標の達成状況】①：達成　②：未達成", "①か②"},
    {"evaluation", "自己評価", "様式1「◆自己評価」（年度が終わってから書く）", NULL},
    {"evaluation.achievements", "１年間の取組成果と今後取り組みたいこと",
     "様式1「１年間の取組成果と今後取り組みたいこと」", "200字程度"},
    {"evaluation.improvements", "解決すべき課題と今後の改善方向",
     "様式1「解決すべき課題と今後の改善方向」", "200字程度"},
};

const yk_key_label *yk_schema_label(const char *path)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].path, path) == 0)
            return &labels[i];
    return NULL;
}

/* ---- JSON ---- */

static void json_string(yk_buf *out, const char *s)
{
    yk_buf_addc(out, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            yk_buf_addf(out, "\\%c", c);
        else if (c < 0x20)
            yk_buf_addf(out, "\\u%04x", c);
        else
            yk_buf_addc(out, (char)c);
    }
    yk_buf_addc(out, '"');
}

static void indent(yk_buf *out, int depth)
{
    yk_buf_addc(out, '\n');
    for (int i = 0; i < depth; i++)
        yk_buf_adds(out, "  ");
}

/* "key": — the first member of an object goes without a comma. */
static void member(yk_buf *out, int depth, bool *first, const char *key)
{
    if (!*first)
        yk_buf_addc(out, ',');
    *first = false;
    indent(out, depth);
    json_string(out, key);
    yk_buf_adds(out, ": ");
}

static void emit(yk_buf *out, const yk_plan_field *f, const char *path, int depth,
                 yk_plan_rule parent_rule);

/* Text is any scalar (YAML reads `title: 2022` as a number; the plan prints it as written);
 * a required text must hold something besides spaces. */
static void emit_text(yk_buf *out, const yk_plan_key *k, int depth, bool *first)
{
    member(out, depth, first, "type");
    yk_buf_adds(out, k->required ? "[\"string\", \"number\", \"boolean\"]"
                                 : "[\"string\", \"number\", \"boolean\", \"null\"]");
    if (k->required) {
        member(out, depth, first, "pattern");
        json_string(out, "\\S");
    }
    switch (k->rule) {
    case YK_PLAN_RULE_FORMAT:
        member(out, depth, first, "const");
        json_string(out, YK_PLAN_FORMAT);
        break;
    case YK_PLAN_RULE_STATUS:
        member(out, depth, first, "enum");
        yk_buf_adds(out, "[\"draft\", \"final\", null]");
        break;
    case YK_PLAN_RULE_WARD_CODE: /* the check digit is yoshiki's to check */
        member(out, depth, first, "pattern");
        json_string(out, "^[0-9]{6}$");
        member(out, depth, first, "minimum");
        yk_buf_adds(out, "100000");
        member(out, depth, first, "maximum");
        yk_buf_adds(out, "999999");
        break;
    case YK_PLAN_RULE_SLUG:
        member(out, depth, first, "pattern");
        json_string(out, "^[a-z0-9-]+$");
        break;
    default:
        break;
    }
}

static void emit_int(yk_buf *out, const yk_plan_key *k, int depth, bool *first)
{
    member(out, depth, first, "type");
    yk_buf_adds(out, k->required ? "\"integer\"" : "[\"integer\", \"null\"]");
    member(out, depth, first, "minimum");
    yk_buf_addf(out, "%ld", k->min);
    if (k->max != LONG_MAX) {
        member(out, depth, first, "maximum");
        yk_buf_addf(out, "%ld", k->max);
    }
}

static char *child_path(const char *path, const char *key)
{
    if (strcmp(key, "[]") == 0)
        return yk_xasprintf("%s[]", path);
    return *path ? yk_xasprintf("%s.%s", path, key) : yk_xstrdup(key);
}

static void emit_object(yk_buf *out, const yk_plan_field *f, const char *path, int depth,
                        bool *first, bool nullable, yk_plan_rule parent_rule)
{
    member(out, depth, first, "type");
    yk_buf_adds(out, nullable ? "[\"object\", \"null\"]" : "\"object\"");
    member(out, depth, first, "additionalProperties");
    yk_buf_adds(out, "false");
    member(out, depth, first, "properties");
    yk_buf_addc(out, '{');
    bool inner = true;
    const yk_plan_field *c;
    yk_buf required = {0};
    for (size_t i = 0; (c = yk_plan_field_child(f, i)) != NULL; i++) {
        yk_plan_key ck;
        yk_plan_field_info(c, &ck);
        char *sub = child_path(path, ck.key);
        member(out, depth + 1, &inner, ck.key);
        emit(out, c, sub, depth + 1, parent_rule);
        free(sub);
        if (ck.required) {
            yk_buf_adds(&required, required.len ? ", " : "");
            yk_buf_addf(&required, "\"%s\"", ck.key);
        }
    }
    indent(out, depth);
    yk_buf_addc(out, '}');
    if (required.len) {
        member(out, depth, first, "required");
        yk_buf_addf(out, "[%s]", required.data);
    }
    yk_buf_free(&required);
}

/* An amount in 千円, or the three amounts of a budget written out. */
static void emit_budget(yk_buf *out, const yk_plan_field *f, const char *path, int depth,
                        bool *first, bool nullable)
{
    member(out, depth, first, "anyOf");
    yk_buf_adds(out, "[");
    indent(out, depth + 1);
    yk_buf_adds(out, "{\"type\": \"integer\", \"minimum\": 0},");
    indent(out, depth + 1);
    yk_buf_addc(out, '{');
    bool inner = true;
    emit_object(out, f, path, depth + 2, &inner, false, YK_PLAN_RULE_NONE);
    indent(out, depth + 1);
    yk_buf_addc(out, '}');
    if (nullable) {
        yk_buf_addc(out, ',');
        indent(out, depth + 1);
        yk_buf_adds(out, "{\"type\": \"null\"}");
    }
    indent(out, depth);
    yk_buf_addc(out, ']');
}

/* The numbers of strategies and initiatives: "2-1" under issue 2, "2-1-3" under strategy
 * 2-1 (which parent's, yoshiki checks; the shape, the schema can). */
static bool emit_sub_number(yk_buf *out, const char *path, int depth, bool *first,
                            yk_plan_rule parent_rule)
{
    size_t len = strlen(path);
    if (parent_rule != YK_PLAN_RULE_SUB_NUMBERS || len < 7 || strcmp(path + len - 7, ".number"))
        return false;
    bool initiative = strstr(path, "initiatives[]") != NULL;
    member(out, depth, first, "type");
    yk_buf_adds(out, "[\"string\", \"null\"]");
    member(out, depth, first, "pattern");
    json_string(out, initiative ? "^[1-9][0-9]*-[1-9][0-9]*-[1-9][0-9]*$"
                                : "^[1-9][0-9]*-[1-9][0-9]*$");
    return true;
}

static void emit(yk_buf *out, const yk_plan_field *f, const char *path, int depth,
                 yk_plan_rule parent_rule)
{
    yk_plan_key k;
    yk_plan_field_info(f, &k);
    yk_buf_addc(out, '{');
    bool first = true;
    const yk_key_label *label = yk_schema_label(path);
    if (label) {
        member(out, depth + 1, &first, "title");
        json_string(out, label->title);
        member(out, depth + 1, &first, "description");
        if (label->length) {
            char *d = yk_xasprintf("%s（%s）", label->description, label->length);
            json_string(out, d);
            free(d);
        } else {
            json_string(out, label->description);
        }
    }
    if (emit_sub_number(out, path, depth + 1, &first, parent_rule)) {
        /* shape only */
    } else if (k.type == YK_PLAN_TEXT) {
        emit_text(out, &k, depth + 1, &first);
    } else if (k.type == YK_PLAN_INT) {
        emit_int(out, &k, depth + 1, &first);
    } else if (k.type == YK_PLAN_BOOL) {
        member(out, depth + 1, &first, "type");
        yk_buf_adds(out, k.required ? "\"boolean\"" : "[\"boolean\", \"null\"]");
    } else if (k.type == YK_PLAN_LIST) {
        member(out, depth + 1, &first, "type");
        yk_buf_adds(out, k.required ? "\"array\"" : "[\"array\", \"null\"]");
        if (k.min > 0) {
            member(out, depth + 1, &first, "minItems");
            yk_buf_addf(out, "%ld", k.min);
        }
        member(out, depth + 1, &first, "items");
        char *sub = child_path(path, "[]");
        emit(out, yk_plan_field_child(f, 0), sub, depth + 1, k.rule);
        free(sub);
    } else if (k.type == YK_PLAN_MAP) {
        emit_object(out, f, path, depth + 1, &first, !k.required, parent_rule);
    } else {
        emit_budget(out, f, path, depth + 1, &first, !k.required);
    }
    indent(out, depth);
    yk_buf_addc(out, '}');
}

void yk_schema_json(yk_buf *out)
{
    const yk_plan_field *root = yk_plan_schema();
    yk_buf_adds(out, "{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n"
                     "  \"title\": \"区運営方針 " YK_PLAN_FORMAT "\",\n"
                     "  \"description\": \"yoshiki の計画ファイル（様式1〜3）。キーは英語、値は日本語。"
                     "番号のつながり・チェックデジット・main の重複は yoshiki check が確かめる\"");
    bool first = false;
    emit_object(out, root, "", 1, &first, false, YK_PLAN_RULE_NONE);
    yk_buf_adds(out, "\n}\n");
}
