# Two commands set everything up on a fresh machine (see README.md):
#   make site   create .venv, install the tool's pinned requirements, bundle the browser editor (when
#               npm is there), build the bundled site into public/
#   make test   the same set-up plus the test requirements and the browser/HTML/accessibility tools,
#               then lint and the whole suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: site test serve check bench tools editor clean mutants

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.tested: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

site: $(VENV)/.installed editor
	$(PY) build.py build

check: $(VENV)/.installed
	$(PY) build.py check

serve: $(VENV)/.installed editor
	$(PY) build.py serve

tools:
	bash .ci/install-test-tools

# The browser editor's bundle (katalog/editor/dist/) from package-lock.json; without npm, a note.
editor:
	bash .ci/build-editor

test: $(VENV)/.tested tools editor
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest

bench: $(VENV)/.tested tools editor
	$(PY) -m pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	$(PY) benchmarks/run.py
	$(PY) benchmarks/preview.py

# Mutation testing of the rule functions against the fast tests (README "Mutation testing"); not part
# of `make test`. mutmut learns which test reaches which function in its own process, so the tests'
# command line runs in-process (KATALOG_TEST_CLI); builds render in one process (KATALOG_JOBS=1): a
# pool forked inside mutmut's forked workers can hang on a lock. Every run starts afresh.
MUTATED := \
	'katalog.sessions.x_status_at*' 'katalog.sessions.x_moments_of_change*' 'katalog.sessions.x_bounds_of*' 'katalog.sessions.x_stable_within*' \
	'katalog.sessions.x_day_start*' \
	'katalog.model.x_price_of*' 'katalog.model.x*Course*session_after*' \
	'katalog.schema.x_check*' 'katalog.schema.x__text__mutmut_*' 'katalog.schema.x__boolean*' \
	'katalog.schema.x_integer*' 'katalog.schema.x__refuse_written_number*' 'katalog.schema.x__number*' \
	'katalog.schema.x__slug*' 'katalog.schema.x__key__mutmut_*' 'katalog.schema.x__url*' \
	'katalog.schema.x__https_url*' 'katalog.schema.x__web_address*' 'katalog.schema.x__phone*' \
	'katalog.schema.x__calendar_date*' 'katalog.schema.x__local_datetime*' \
	'katalog.phones.*' \
	'katalog.markup.x_clean_html*' 'katalog.markup.x*MarkdownRenderer*render*' \
	'katalog.yamlio.x_read_bytes*' 'katalog.yamlio.x_inside_folder*' 'katalog.yamlio.x__check_size*' \
	'katalog.yamlio.x_decode_text*' 'katalog.content.x__bundle_listing*' \
	'katalog.write.x_prepare_temporary*' 'katalog.write.x_publish*' 'katalog.write.x__exchange*' \
	'katalog.write.x__marker_token*' 'katalog.write.x*OutputWriter*reuse*' 'katalog.write.x*OutputWriter*publish*' \
	'katalog.write.x*OutputWriter*_target*' 'katalog.write.x*OutputWriter*_make_room*' 'katalog.write.x*OutputWriter*_carried*' \
	'katalog.write.x*OutputWriter*clear*' 'katalog.write.x*OutputWriter*_remove_left_over*' \
	'katalog.carry_over.x_carry*' 'katalog.outputs.search.x_link_pages*' 'katalog.outputs.search.x__keep_only*' \
	'katalog.cache.x_digest*' 'katalog.cache.x__digest*' \
	'katalog.cache.x__read*' 'katalog.cache.x__write*' 'katalog.cache.x*Store*get*' \
	'katalog.cache.x*Store*put*' 'katalog.cache.x*Store*save*' \
	'katalog.pages.x_page_keys*' 'katalog.pages.x_template_digests*' \
	'katalog.inputs.x*CourseDigests*' 'katalog.inputs.x_course_digests*' 'katalog.yamlio.x*FolderGuard*holds*' \
	'katalog.outputs.sitemap.x_entries*' \
	'katalog.outputs.ical.x*CalendarWriter*event_key*' 'katalog.outputs.ical.x*CalendarWriter*calendar_key*' \
	'katalog.render.x*Renderer*course_card*' \
	'katalog.kept.x*Kept*patched*' 'katalog.kept.x*Kept*stands*' 'katalog.kept.x*Kept*listed_key*' \
	'katalog.kept.x_zone_definitions*' 'katalog.kept.x__zone_file*' 'katalog.assemble.x_patch_texts*' \
	'katalog.content.x_read_again*' 'katalog.render.x*_CompiledTemplates*' \
	'katalog.assemble.x_patch_sessions*' 'katalog.kept.x*Kept*_with_sessions*' 'katalog.kept.x*Kept*_with_texts*' \
	'katalog.schedules.x_unique_ids*' 'katalog.schedules.x_is_schedule_file*' 'katalog.sessions.x_contradicts_course*'

mutants: $(VENV)/.tested editor
	rm -rf mutants
	PATH=$(abspath $(VENV))/bin:$$PATH KATALOG_TEST_CLI=in-process KATALOG_JOBS=1 $(VENV)/bin/mutmut run --max-children 2 \
		$(MUTATED)
	$(PY) tests/mutation_score.py $(MUTATED)

clean:
	rm -rf public .pytest_cache mutants
