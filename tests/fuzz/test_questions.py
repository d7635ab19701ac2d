"""Fuzzing the command parser and every answer: an Answer or a clear UserError, nothing else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answers.errors import UserError
from bot.answers.questions import COMMANDS, Question, parse
from bot.console.repl import answer_line

FAST = settings(max_examples=300, deadline=2000, suppress_health_check=[
    HealthCheck.function_scoped_fixture])

years = st.one_of(st.integers(min_value=2010, max_value=2028),
                  st.integers(min_value=-10**30, max_value=10**30))
words = st.one_of(
    years.map(str),
    years.map(lambda y: f"FY{y}"),
    st.tuples(years, years).map(lambda p: f"{p[0]}-{p[1]}"),
    st.sampled_from(["annualize", "raw", "to", "dataset=trac_asylum_outcomes", "dataset=",
                     "dataset=cbp_border_encounters", "dataset=dhs_asylum_grants", "2024-04",
                     "April", "2024-13", "Sept", "0000-00",
                     "dataset:x", "dataset", "=", "help",
                     "FY", "fy23", "--annualize", "…", "２０２３", "2023\u200b", "-", ".."]),
    st.text(max_size=12),
)
commands = st.sampled_from([f"/{c}" for c in COMMANDS] + ["/Outcomes", "outcomes", "/"])


def answer_or_user_error(service, text: str) -> None:
    try:
        answer = service.ask(text)
    except UserError as exc:
        assert str(exc).strip()
        return
    for table in answer.tables:
        assert all(len(line) <= 40 for line in table.text().splitlines())
    assert answer.source.as_of


@FAST
@given(text=st.text(max_size=300))
def test_any_text(service, text):
    answer_or_user_error(service, text)


@FAST
@given(command=commands, args=st.lists(words, max_size=5))
def test_commands_with_arbitrary_arguments(service, command, args):
    answer_or_user_error(service, " ".join([command, *args]))


@settings(max_examples=300, deadline=None)
@given(command=st.sampled_from(sorted(COMMANDS)),
       ys=st.lists(st.integers(min_value=-10**30, max_value=10**30), max_size=3),
       raw=st.booleans(), dataset=st.one_of(st.none(), st.text(max_size=40)))
def test_every_answer_with_arbitrary_question_objects(service, command, ys, raw, dataset):
    """Questions built directly, as the Discord layer does, skipping the parser's checks."""
    try:
        answer = service.ask(Question(command, tuple(ys), dataset, raw))
    except UserError:
        return
    assert answer.title


@FAST
@given(line=st.text(max_size=200))
def test_console_never_raises(service, tmp_path_factory, line):
    out = answer_line(service, line, tmp_path_factory.mktemp("charts"))
    assert isinstance(out, str) and out


@settings(max_examples=500, deadline=500)
@given(text=st.text(max_size=300))
def test_parse_alone(text):
    try:
        q = parse(text)
    except UserError:
        return
    assert q.command in COMMANDS
