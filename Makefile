# yoshiki — see README.md. `make demo` and `make test` install what is missing first.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share/yoshiki
MANDIR  ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
CC      ?= cc
PKGS     = yaml-0.1 fontconfig harfbuzz libunibreak libdeflate
WARN     = -Wall -Wextra -pedantic -Wstrict-prototypes -Wshadow -Wno-unused-parameter
ifdef CI
WARN    += -Werror
endif
OPT     ?= -O2 -g
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) -Iinclude $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# the library's objects: position-independent for libyoshiki.so, exporting only YK_API
LIBFLAGS = -fPIC -fvisibility=hidden -DYK_BUILDING_LIBRARY
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lz -lpng -lm -lpthread

# SANITIZE=1: AddressSanitizer + UBSan; SANITIZE=thread: ThreadSanitizer (for the parallel paths)
ifeq ($(SANITIZE),thread)
CFLAGS  += -fsanitize=thread -fno-omit-frame-pointer
LDFLAGS += -fsanitize=thread
BUILD   := build/tsan
else ifdef SANITIZE
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
BUILD   := build/san
else
BUILD   := build/rel
endif

# the command-line program: main.c and cli*.c; everything else is libyoshiki
CLI_SRC := src/main.c $(wildcard src/cli*.c)
SRC     := $(filter-out $(CLI_SRC),$(wildcard src/*.c))
OBJ     := $(SRC:src/%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:src/%.c=$(BUILD)/cli/%.o)
TESTS   := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/test_*.c))
DEMO_PLAN = plans/2022/tsurumi.yaml
# messages: po/LANG.po compiled for ./yoshiki (main binds the domain to build/locale)
LINGUAS := $(basename $(notdir $(wildcard po/*.po)))
MO      := $(LINGUAS:%=build/locale/%/LC_MESSAGES/yoshiki.mo)

# libyoshiki.so.MAJOR is the soname; the version is the header's YK_VERSION
VERSION := $(shell sed -n 's/^\#define YK_VERSION "\(.*\)"/\1/p' include/yoshiki.h)
SOMAJOR := $(firstword $(subst ., ,$(VERSION)))
SONAME  := libyoshiki.so.$(SOMAJOR)
SHLIB   := $(BUILD)/libyoshiki.so.$(VERSION)

.PHONY: all deps demo demo-batch test unit e2e installcheck clean install asan bench bench-peers fuzz yoshiki leakcheck pot lib schema
all: yoshiki lib

lib: $(BUILD)/libyoshiki.a $(SHLIB)

# ./yoshiki is whichever flavour was built last (plain or SANITIZE=1): copied, not timestamped
yoshiki: $(BUILD)/yoshiki $(MO)
	@cmp -s $< $@ || cp $< $@

build/locale/%/LC_MESSAGES/yoshiki.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# the plan format's JSON Schema, generated from plan.c's table (tests check it is current)
schema: yoshiki
	./yoshiki schema > schema/unei-hoshin-1.schema.json

# po/yoshiki.pot from the sources, merged into po/*.po: then translate the new messages
pot:
	@tools/po-check --pot

$(BUILD)/yoshiki: $(CLI_OBJ) $(BUILD)/libyoshiki.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libyoshiki.a: $(OBJ)
	@rm -f $@
	ar rcs $@ $^

# only YK_API symbols are exported (-fvisibility=hidden); the program links the static one
$(SHLIB): $(OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined $(LDFLAGS) -o $@ $^ $(LDLIBS)
	ln -sf $(notdir $@) $(BUILD)/$(SONAME)
	ln -sf $(notdir $@) $(BUILD)/libyoshiki.so


$(BUILD)/%.o: src/%.c $(wildcard src/*.h include/*.h) | $(BUILD)
	$(CC) $(CFLAGS) $(LIBFLAGS) -c -o $@ $<

$(BUILD)/cli/%.o: src/%.c $(wildcard src/*.h include/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(BUILD)/libyoshiki.a $(wildcard src/*.h include/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libyoshiki.a $(LDLIBS) -lcmocka

$(BUILD):
	@mkdir -p $@

deps:
	@tools/install-deps

demo: deps
	$(MAKE) yoshiki
	@mkdir -p out
	./yoshiki render $(DEMO_PLAN) -o out/2022-271241-tsurumi.pdf

# 24 sample plans (tools/make-sample-plans) → out/batch/: 24 PDFs, SHA256SUMS, manifest.json,
# and the bound book out/batch/book.pdf
demo-batch: deps
	$(MAKE) yoshiki
	@rm -rf out/batch out/sample-plans
	@mkdir -p out/batch
	@tools/make-sample-plans out/sample-plans
	./yoshiki batch out/sample-plans -o out/batch --book out/batch/book.pdf --expect-wards

test: deps
	@$(MAKE) --no-print-directory yoshiki lib $(TESTS) fuzz
	@tools/run-tests $(TESTS)

unit: $(TESTS)
	@tools/run-unit $(TESTS)

e2e: yoshiki
	@tests/e2e.sh

# make install into a temporary prefix, then the library through pkg-config and the program
installcheck: yoshiki lib
	@tests/install.sh

asan:
	$(MAKE) SANITIZE=1 yoshiki

# speed and size on this machine (medians; never part of make test): see tools/bench
bench: yoshiki
	@tools/bench

# yoshiki beside pdfme and Typst (installed by you with npm into PEERS; nothing downloaded here):
# see docs/performance.md, "Beside the peers"
bench-peers: yoshiki
	@test -n "$(PEERS)" || { echo "usage: make bench-peers PEERS=DIR (see docs/performance.md)"; exit 2; }
	@tools/bench-peers --peers "$(PEERS)"

# valgrind over every bundled and test plan, every form: 0 errors, 0 leaks
leakcheck:
	@$(MAKE) --no-print-directory yoshiki
	@tools/leakcheck

# libFuzzer targets (clang; tests/fuzz_*.c): built by `make test`, so they can never rot, and
# run there a few seconds each from their seeds (tools/run-fuzz); a long run of one target:
# tools/run-fuzz 600 fuzz_render. The library is compiled once, instrumented, for all of them.
FUZZ_CC     := clang
FUZZ_CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=undefined -Iinclude \
               $(shell pkg-config --cflags $(PKGS))
FUZZ_OBJ    := $(SRC:src/%.c=build/fuzz/obj/%.o)
FUZZ_BIN    := $(patsubst tests/%.c,build/fuzz/%,$(wildcard tests/fuzz_*.c))
fuzz: $(FUZZ_BIN)

build/fuzz/obj/%.o: src/%.c $(wildcard src/*.h include/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

# YK_SOURCE_DIR: where fuzz_render finds the bundled forms and fonts
build/fuzz/%: tests/%.c $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DYK_SOURCE_DIR='"$(CURDIR)"' -fsanitize=fuzzer -o $@ $< \
	    $(FUZZ_OBJ) $(LDLIBS)

clean:
	rm -rf build yoshiki out

# the program finds its data as BINDIR/../share/yoshiki, so BINDIR and DATADIR go together
install: yoshiki lib
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/forms $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 yoshiki $(DESTDIR)$(BINDIR)/yoshiki
	install -m 644 include/yoshiki.h $(DESTDIR)$(INCLUDEDIR)/yoshiki.h
	install -m 644 $(BUILD)/libyoshiki.a $(DESTDIR)$(LIBDIR)/libyoshiki.a
	install -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/libyoshiki.so
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	    -e 's|@DATADIR@|$(DATADIR)|g' -e 's|@VERSION@|$(VERSION)|g' -e 's|@PKGS@|$(PKGS)|g' \
	    yoshiki.pc.in >$(DESTDIR)$(LIBDIR)/pkgconfig/yoshiki.pc
	install -m 644 man/yoshiki.1 $(DESTDIR)$(MANDIR)/man1/yoshiki.1
	install -m 644 man/yoshiki-plan.5 $(DESTDIR)$(MANDIR)/man5/yoshiki-plan.5
	install -m 644 completion/yoshiki.bash $(DESTDIR)$(COMPLETIONDIR)/yoshiki
	install -m 644 fonts/* $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 forms/*.yaml $(DESTDIR)$(DATADIR)/forms/
	install -m 644 schema/unei-hoshin-1.schema.json $(DESTDIR)$(DATADIR)/
	for l in $(LINGUAS); do \
	    install -d $(DESTDIR)$(DATADIR)/locale/$$l/LC_MESSAGES && \
	    install -m 644 build/locale/$$l/LC_MESSAGES/yoshiki.mo $(DESTDIR)$(DATADIR)/locale/$$l/LC_MESSAGES/; \
	done
