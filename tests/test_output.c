/* output: targets (regular file, new name, symlink, FIFO, device, directory) and the registry
 * of temporary files. Each test works in a fresh directory under /tmp. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../src/output.h"

static const char pdf[] = "%PDF-1.4 pretend\n%%EOF\n";

static char *fresh_dir(void)
{
    char *dir = yk_xstrdup("/tmp/yk-output-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return dir;
}

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    size_t len;
    char *s = yk_read_file(path, &len);
    assert_non_null(s);
    return s;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_tree(char *dir)
{
    char *cmd = yk_xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(dir);
}

static void test_output_new_name_and_replaced_file_leave_no_temporary(void **state)
{
    (void)state;
    char *dir = fresh_dir(), *out = yk_xasprintf("%s/out.pdf", dir);
    yk_temps *t = yk_temps_new();
    yk_diag *d = yk_diag_new();
    assert_true(yk_output_write(out, pdf, strlen(pdf), t, d));
    put(out, "old");
    assert_true(yk_output_write(out, pdf, strlen(pdf), t, d));
    char *got = slurp(out);
    assert_string_equal(got, pdf);
    assert_int_equal(entries(dir), 1);
    assert_int_equal(yk_diag_count(d), 0);
    free(got);
    free(out);
    yk_diag_free(d);
    yk_temps_free(t);
    remove_tree(dir);
}

/* The link stays a link and the file it names gets the PDF, also when it does not exist yet
 * and when the link is relative. */
static void test_output_symlink_updates_its_target_and_stays(void **state)
{
    (void)state;
    char *dir = fresh_dir();
    char *real = yk_xasprintf("%s/real.pdf", dir), *link = yk_xasprintf("%s/link.pdf", dir);
    char *dangling = yk_xasprintf("%s/dangling.pdf", dir), *later = yk_xasprintf("%s/later.pdf", dir);
    put(real, "old");
    assert_int_equal(symlink(real, link), 0);
    assert_int_equal(symlink("later.pdf", dangling), 0);
    yk_diag *d = yk_diag_new();
    assert_true(yk_output_write(link, pdf, strlen(pdf), NULL, d));
    assert_true(yk_output_write(dangling, pdf, strlen(pdf), NULL, d));
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(lstat(dangling, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char *a = slurp(real), *b = slurp(later);
    assert_string_equal(a, pdf);
    assert_string_equal(b, pdf);
    assert_int_equal(entries(dir), 4);
    free(a), free(b), free(real), free(link), free(dangling), free(later);
    yk_diag_free(d);
    remove_tree(dir);
}

/* A FIFO is written through, not replaced: a reader gets the bytes and the FIFO remains. */
static void test_output_fifo_is_streamed_and_stays(void **state)
{
    (void)state;
    char *dir = fresh_dir(), *fifo = yk_xasprintf("%s/pipe", dir), *copy = yk_xasprintf("%s/copy", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    pid_t reader = fork();
    assert_true(reader >= 0);
    if (reader == 0) {
        char *cmd = yk_xasprintf("cat '%s' > '%s'", fifo, copy);
        _exit(system(cmd) == 0 ? 0 : 1);
    }
    yk_diag *d = yk_diag_new();
    assert_true(yk_output_write(fifo, pdf, strlen(pdf), NULL, d));
    int status;
    assert_int_equal(waitpid(reader, &status, 0), reader);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    struct stat st;
    assert_int_equal(lstat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    char *got = slurp(copy);
    assert_string_equal(got, pdf);
    assert_int_equal(entries(dir), 2);
    free(got), free(fifo), free(copy);
    yk_diag_free(d);
    remove_tree(dir);
}

static void expect_syserror(yk_diag *d, const char *fragment)
{
    assert_true(yk_diag_has_system_error(d));
    char *msg = yk_diag_format(yk_diag_at(d, 0));
    if (!strstr(msg, fragment))
        fail_msg("'%s' lacks '%s'", msg, fragment);
    free(msg);
}

/* /dev/null and /dev/full, or — when we may write in /dev, as root, and a regression would
 * replace the system's — nodes of our own in dir. */
static char *device(const char *dir, const char *name, int minor)
{
    if (access("/dev", W_OK) != 0)
        return yk_xasprintf("/dev/%s", name);
    char *path = yk_xasprintf("%s/%s", dir, name);
    char *cmd = yk_xasprintf("mknod '%s' c 1 %d", path, minor);
    if (system(cmd) != 0)
        skip(); /* root without CAP_MKNOD: no safe device to test with */
    free(cmd);
    return path;
}

/* A device is written in place (never replaced), and its write error is reported. */
static void test_output_device_written_in_place_and_errors_reported(void **state)
{
    (void)state;
    char *dir = fresh_dir(), *null = device(dir, "null", 3), *full = device(dir, "full", 7);
    yk_diag *d = yk_diag_new();
    assert_true(yk_output_write(null, pdf, strlen(pdf), NULL, d));
    assert_int_equal(yk_diag_count(d), 0);
    assert_false(yk_output_write(full, pdf, strlen(pdf), NULL, d));
    char *want = yk_xasprintf("%s: error: cannot write the PDF: No space left on device", full);
    expect_syserror(d, want);
    struct stat st;
    assert_int_equal(stat(full, &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(stat(null, &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    free(want), free(null), free(full);
    yk_diag_free(d);
    remove_tree(dir);
}

static void test_output_directory_is_refused(void **state)
{
    (void)state;
    char *dir = fresh_dir();
    yk_diag *d = yk_diag_new();
    assert_false(yk_output_write(dir, pdf, strlen(pdf), NULL, d));
    expect_syserror(d, "is a directory");
    assert_int_equal(entries(dir), 0);
    yk_diag_free(d);
    remove_tree(dir);
}

/* What the signal handler does: every registered file goes, and nothing new may follow. */
static void test_output_remove_all_removes_every_registered_path(void **state)
{
    (void)state;
    char *dir = fresh_dir();
    yk_temps *t = yk_temps_new();
    int s1, s2;
    char *f1 = yk_xasprintf("%s/a.pdf.tmp", dir), *f2 = yk_xasprintf("%s/b.pdf.tmp", dir);
    assert_true(yk_temps_claim(t, f1, &s1));
    put(f1, "x");
    yk_temps_ready(t, s1);
    assert_true(yk_temps_claim(t, f2, &s2));
    put(f2, "y"); /* still pending: being written when the signal came */
    assert_int_equal(entries(dir), 2);
    yk_temps_remove_all(t);
    assert_int_equal(entries(dir), 0);
    /* once removing has begun, nothing new may be created */
    assert_false(yk_temps_claim(t, f1, &s1));
    free(f1), free(f2);
    yk_temps_free(t);
    remove_tree(dir);
}

static void test_output_full_registry_refuses(void **state)
{
    (void)state;
    yk_temps *t = yk_temps_new();
    int slot;
    for (int i = 0; i < YK_TEMPS_MAX; i++)
        assert_true(yk_temps_claim(t, "/nonexistent/x", &slot));
    assert_false(yk_temps_claim(t, "/nonexistent/y", &slot));
    yk_temps_release(t, 7);
    assert_true(yk_temps_claim(t, "/nonexistent/y", &slot));
    assert_int_equal(slot, 7);
    yk_temps_free(t);
}

enum { THREADS = 8, PER_THREAD = 20 };

typedef struct writer {
    yk_temps *t;
    const char *dir;
    bool ok;
} writer;

/* Each thread writes the same target again and again, as batch workers writing one book
 * would not, but as they all write beside each other: names must never collide. */
static void *write_many(void *arg)
{
    writer *w = arg;
    yk_diag *d = yk_diag_new();
    char *out = yk_xasprintf("%s/same.pdf", w->dir);
    w->ok = true;
    for (int i = 0; i < PER_THREAD; i++)
        w->ok = yk_output_write(out, pdf, strlen(pdf), w->t, d) && w->ok;
    free(out);
    yk_diag_free(d);
    return NULL;
}

/* Threads share one registry (a ThreadSanitizer build checks the claiming is race-free). */
static void test_output_threads_share_one_registry(void **state)
{
    (void)state;
    char *dir = fresh_dir();
    yk_temps *t = yk_temps_new();
    pthread_t th[THREADS];
    writer w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (writer){t, dir, false};
        assert_int_equal(pthread_create(&th[i], NULL, write_many, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_true(w[i].ok);
    }
    assert_int_equal(entries(dir), 1); /* the PDF, and no temporary file */
    yk_temps_free(t);
    remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output_new_name_and_replaced_file_leave_no_temporary),
        cmocka_unit_test(test_output_symlink_updates_its_target_and_stays),
        cmocka_unit_test(test_output_fifo_is_streamed_and_stays),
        cmocka_unit_test(test_output_device_written_in_place_and_errors_reported),
        cmocka_unit_test(test_output_directory_is_refused),
        cmocka_unit_test(test_output_remove_all_removes_every_registered_path),
        cmocka_unit_test(test_output_full_registry_refuses),
        cmocka_unit_test(test_output_threads_share_one_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
