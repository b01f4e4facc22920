"""The exercise timing engine: plans, cues, the session clock, the custom pattern."""

from __future__ import annotations

from datetime import datetime

import locations
import pytest
from exercise_helpers import calm_breathing

from hfs_tui.content.models import Exercise, ExerciseStep
from hfs_tui.exercise.custom import CUSTOM_ID, custom_exercise, validate_pattern
from hfs_tui.exercise.schedule import default_minutes, lengths_for, plan
from hfs_tui.exercise.session import ExerciseSession, SessionRecord
from hfs_tui.settings import BreathingPattern

REPO = locations.REPO


def muscle_relaxation() -> Exercise:
    return Exercise(
        id="muscle-relaxation", title="Muscle relaxation", order=3,
        voice_names=("muscle relaxation",), purpose="Tense and let go.",
        position="Lie or sit somewhere comfortable.",
        steps=(
            ExerciseStep("Lift your shoulders towards your ears, then let them drop.", 12,
                         "Shoulders up, and let them drop"),
            ExerciseStep("Let your forehead go smooth and soft.", 10,
                         "Let your forehead soften", face=True),
            ExerciseStep("Let your jaw hang loose, lips slightly apart.", 10,
                         "Let your jaw go loose", face=True),
            ExerciseStep("Press your feet into the floor, then relax them.", 12,
                         "Feet down, and relax"),
        ),
    )


# --- plans ----------------------------------------------------------------------


def test_cycle_fills_the_chosen_length_with_whole_rounds():
    for minutes in (1, 3, 5, 10):
        result = plan(calm_breathing(), minutes, False, "words", settle_seconds=0)
        assert result.cycles == minutes * 6
        assert result.total_seconds == minutes * 60
        assert [s.step.phase for s in result.steps[:4]] == ["in", "out", "in", "out"]
        assert result.step_count == minutes * 12


def test_cycle_rounds_to_the_nearest_whole_round():
    pattern = BreathingPattern(breathe_in=4, hold_in=7, breathe_out=8, hold_out=0)
    result = plan(custom_exercise(pattern), 5, False, "words", settle_seconds=0)
    assert result.cycles == 16  # 300 / 19 = 15.8 rounds
    assert result.total_seconds == 16 * 19


def test_words_mode_speaks_the_cue_then_counts_each_second():
    result = plan(calm_breathing(), 1, False, "words", settle_seconds=0)
    first_breath = [(c.at, c.text_to_speak, c.count, c.phase) for c in result.cues[:10]]
    assert first_breath == [
        (0.0, "Breathe in", 1, "in"), (1.0, "two", 2, "in"), (2.0, "three", 3, "in"),
        (3.0, "four", 4, "in"), (4.0, "five", 5, "in"),
        (5.0, "Breathe out", 1, "out"), (6.0, "two", 2, "out"), (7.0, "three", 3, "out"),
        (8.0, "four", 4, "out"), (9.0, "five", 5, "out"),
    ]
    assert len(result.cues) == 60


def test_counts_mode_says_the_phase_word_then_numbers():
    result = plan(calm_breathing(), 1, False, "counts", settle_seconds=0)
    spoken = [c.text_to_speak for c in result.cues[:10]]
    assert spoken == ["in", "two", "three", "four", "five",
                      "out", "two", "three", "four", "five"]


def test_silent_mode_keeps_cues_for_the_display_but_says_nothing():
    result = plan(calm_breathing(), 1, False, "silent", settle_seconds=0)
    assert len(result.cues) == 60
    assert all(c.text_to_speak is None for c in result.cues)
    assert [c.count for c in result.cues[:5]] == [1, 2, 3, 4, 5]


def test_settle_step_gives_position_advice_first():
    result = plan(calm_breathing(), 3, False, "words")
    settle = result.steps[0]
    assert settle.kind == "settle" and settle.number == 0
    assert settle.step.text == calm_breathing().position
    assert result.cues[0].text_to_speak == calm_breathing().position
    assert result.cues[0].at == 0.0
    assert result.cues[1].at == settle.seconds and result.cues[1].text_to_speak == "Breathe in"
    assert 4 <= settle.seconds <= 20
    assert result.total_seconds == settle.seconds + 180
    assert result.step_count == 36


def test_uneven_seconds_never_count_in_the_last_half_second():
    pattern = BreathingPattern(breathe_in=4.5, hold_in=2.3, breathe_out=6, hold_out=0)
    result = plan(custom_exercise(pattern), 1, False, "counts", settle_seconds=0)
    hold = [c for c in result.cues if c.step_index == 1]
    assert [(c.at, c.text_to_speak) for c in hold] == [(4.5, "hold"), (5.5, "two")]
    breathe_in = [c.at for c in result.cues if c.step_index == 0]
    assert breathe_in == [0.0, 1.0, 2.0, 3.0, 4.0]


def test_non_cycling_exercise_speaks_each_step_once_and_ignores_minutes():
    result = plan(muscle_relaxation(), 10, True, "words", settle_seconds=0)
    assert result.minutes is None and result.cycles == 0
    assert [c.text_to_speak for c in result.cues] == [
        "Shoulders up, and let them drop", "Let your forehead soften",
        "Let your jaw go loose", "Feet down, and relax"]
    assert [c.at for c in result.cues] == [0, 12, 22, 32]
    assert result.total_seconds == 44
    assert not result.is_breathing


def test_face_steps_are_left_out_unless_asked_for():
    without = plan(muscle_relaxation(), None, False, "words", settle_seconds=0)
    assert [s.step.face for s in without.steps] == [False, False]
    assert without.total_seconds == 24
    with_face = plan(muscle_relaxation(), None, True, "words", settle_seconds=0)
    assert sum(s.step.face for s in with_face.steps) == 2


def test_lengths_offered_only_where_the_length_can_change():
    assert lengths_for(calm_breathing((3, 5, 10))) == (3, 5, 10)
    assert default_minutes(calm_breathing()) == 5
    assert lengths_for(muscle_relaxation()) == ()
    assert default_minutes(muscle_relaxation()) is None
    assert lengths_for(custom_exercise(BreathingPattern())) == (1, 3, 5, 10)


def test_bad_cue_mode_is_a_clear_error():
    with pytest.raises(ValueError, match="cues must be one of words, counts, silent"):
        plan(calm_breathing(), 3, False, "loud")


# --- custom pattern ---------------------------------------------------------------


def test_custom_exercise_follows_the_pattern():
    exercise = custom_exercise(BreathingPattern(breathe_in=4, hold_in=2, breathe_out=6,
                                                hold_out=1))
    assert exercise.id == CUSTOM_ID == "custom-breathing"
    assert exercise.title == "Your own pattern"
    assert exercise.voice_names == ("my breathing",)
    assert [(s.phase, s.seconds, s.cue) for s in exercise.steps] == [
        ("in", 4, "Breathe in"), ("hold", 2, "Hold"), ("out", 6, "Breathe out"),
        ("hold", 1, "Hold")]
    assert "In 4, hold 2, out 6, hold 1 seconds" in exercise.purpose
    assert exercise.cycle


def test_custom_exercise_leaves_out_zero_holds():
    exercise = custom_exercise(BreathingPattern(breathe_in=5, breathe_out=5))
    assert [s.phase for s in exercise.steps] == ["in", "out"]


def test_validate_pattern_names_each_bad_field():
    assert validate_pattern(BreathingPattern()) == []
    problems = validate_pattern(BreathingPattern(breathe_in=1, hold_in=16, breathe_out=20,
                                                 hold_out=-1))
    assert problems == [
        "Breathe in (breathe_in) should be 2 to 15 seconds, not 1.",
        "Hold after breathing in (hold_in) should be 0 to 15 seconds, not 16.",
        "Breathe out (breathe_out) should be 2 to 15 seconds, not 20.",
        "Hold after breathing out (hold_out) should be 0 to 15 seconds, not -1.",
    ]
    assert validate_pattern(BreathingPattern(breathe_in="four")) == [  # type: ignore[arg-type]
        "Breathe in (breathe_in) should be a number of seconds, not 'four'."]
    assert validate_pattern(BreathingPattern(hold_out=float("nan"))) == [
        "Hold after breathing out (hold_out) should be 0 to 15 seconds, not nan."]
    with pytest.raises(ValueError, match=r"Breathe out \(breathe_out\)"):
        custom_exercise(BreathingPattern(breathe_out=1))


# --- the session clock --------------------------------------------------------------


def run_collecting(session: ExerciseSession, clock, step: float,
                   until: float) -> list[tuple[float, object]]:
    """Tick every `step` seconds until `until`; return (clock time, cue) for each cue."""
    heard = []
    while session.state == "running" and clock.now < until:
        clock.advance(step)
        heard += [(clock.now, cue) for cue in session.tick()]
    return heard


def test_ten_minute_session_has_no_drift_at_any_cue(clock):
    clock.now = 12345.678
    records: list[SessionRecord] = []
    result = plan(calm_breathing(), 10, False, "words")
    session = ExerciseSession(result, clock=clock, on_finish=records.append)
    session.start()
    start = clock.now
    # A tick loop like the UI's: sleep until the next cue is due, never longer than 0.1 s.
    heard = []
    while session.state == "running":
        due = session.next_due()
        assert due is not None
        clock.now = min(clock.now + 0.1, max(clock.now, due))
        heard += [(clock.now, cue) for cue in session.tick()]
    assert [cue for _, cue in heard] == list(result.cues)
    drifts = [when - (start + cue.at) for when, cue in heard]
    assert max(abs(d) for d in drifts) < 1e-6  # well under the 100 ms goal
    assert len(heard) == 601  # settle + 600 one-second counts
    assert records == [session.record]
    assert records[0].completed and records[0].actual_seconds == pytest.approx(
        result.total_seconds)


def test_fixed_rate_ticking_delivers_every_cue_within_one_tick(clock):
    clock.now = 0.0
    result = plan(calm_breathing(), 10, False, "counts", settle_seconds=0)
    session = ExerciseSession(result, clock=clock)
    session.start()
    heard = run_collecting(session, clock, 0.1, until=700)
    assert len(heard) == len(result.cues) == 600
    lateness = [when - cue.at for when, cue in heard]
    # 6,000 additions of 0.1 accumulate float error, but the schedule does not.
    assert all(-1e-6 <= late < 0.1 + 1e-6 for late in lateness)
    assert session.state == "finished"


def test_pause_shifts_everything_after_it_by_the_pause(clock):
    result = plan(calm_breathing(), 3, False, "words", settle_seconds=0)
    session = ExerciseSession(result, clock=clock)
    session.start()
    start = clock.now
    assert [c.at for c in session.tick()] == [0.0]
    clock.advance(2.5)
    assert [c.count for c in session.tick()] == [2, 3]
    session.pause()
    clock.advance(60)
    assert session.tick() == []
    assert session.position().seconds_into_step == pytest.approx(2.5)
    assert session.next_due() is None
    session.resume()
    assert session.next_due() == pytest.approx(start + 3 + 60)
    clock.advance(0.5)
    assert [c.count for c in session.tick()] == [4]
    record = session.stop()
    assert record is not None and not record.completed
    assert record.actual_seconds == pytest.approx(3.0)
    assert record.planned_seconds == 180


def test_skip_goes_to_the_next_step_and_drops_skipped_cues(clock):
    result = plan(calm_breathing(), 3, False, "words", settle_seconds=0)
    session = ExerciseSession(result, clock=clock)
    session.start()
    session.tick()
    clock.advance(1.2)
    session.tick()
    session.skip_step()
    cues = session.tick()
    assert [(c.text_to_speak, c.step_index) for c in cues] == [("Breathe out", 1)]
    position = session.position()
    assert position.step_number == 2 and position.phase == "out"
    assert position.seconds_into_step == 0
    clock.advance(1.0)
    assert [c.text_to_speak for c in session.tick()] == ["two"]


def test_skip_while_paused_stays_paused_at_the_next_step(clock):
    session = ExerciseSession(plan(calm_breathing(), 3, False, "words", settle_seconds=0),
                              clock=clock)
    session.start()
    session.tick()
    session.pause()
    session.skip_step()
    assert session.state == "paused" and session.position().step_number == 2
    clock.advance(30)
    session.resume()
    assert [c.text_to_speak for c in session.tick()] == ["Breathe out"]


def test_slower_pace_stretches_only_what_is_still_to_come(clock):
    clock.now = 0.0
    result = plan(calm_breathing(), 3, False, "counts", settle_seconds=0)
    session = ExerciseSession(result, clock=clock)
    session.start()
    clock.advance(10)  # two whole breaths at normal pace
    session.tick()
    assert session.slower() == pytest.approx(1.1)
    assert session.slower() == pytest.approx(1.2)
    # The rest (170 planned seconds) now takes 1.2 real seconds per second.
    assert session.next_due() == pytest.approx(10 + 1.2)
    assert session.position().time_left == pytest.approx(170 * 1.2)
    heard = run_collecting(session, clock, 0.05, until=1000)
    for when, cue in heard:
        assert -1e-6 <= when - (10 + (cue.at - 10) * 1.2) < 0.05 + 1e-6
    assert session.state == "finished"
    assert session.record is not None
    assert session.record.actual_seconds == pytest.approx(10 + 170 * 1.2, abs=0.06)


def test_pace_is_kept_between_its_limits(clock):
    session = ExerciseSession(plan(calm_breathing(), 3, False, "words"), clock=clock)
    session.start()
    for _ in range(20):
        session.faster()
    assert session.pace == pytest.approx(0.8)
    for _ in range(20):
        session.slower()
    assert session.pace == pytest.approx(1.5)


def test_self_paced_waits_at_the_end_of_each_step_for_next(clock):
    result = plan(calm_breathing(), 1, False, "words", settle_seconds=0)
    session = ExerciseSession(result, clock=clock, self_paced=True)
    session.start()
    assert [c.text_to_speak for c in session.tick()] == ["Breathe in"]
    clock.advance(30)
    assert [c.count for c in session.tick()] == [2, 3, 4, 5]
    assert session.waiting
    assert session.next_due() is None
    assert session.position().step_number == 1 and session.position().phase_progress == 1
    clock.advance(30)
    assert session.tick() == []
    session.next()
    assert not session.waiting
    assert [c.text_to_speak for c in session.tick()] == ["Breathe out"]
    # Moving on early, before the counts are done, is fine too.
    session.next()
    assert [c.text_to_speak for c in session.tick()] == ["Breathe in"]
    assert session.position().step_number == 3


def test_self_paced_finishes_after_next_on_the_last_step(clock):
    records: list[SessionRecord] = []
    exercise = muscle_relaxation()
    session = ExerciseSession(plan(exercise, None, False, "words", settle_seconds=0),
                              clock=clock, self_paced=True, on_finish=records.append)
    session.start()
    session.tick()
    session.next()
    clock.advance(100)
    session.tick()
    assert session.state == "running" and session.waiting
    session.next()
    assert session.state == "finished"
    assert records and records[0].completed


def test_stop_records_a_stopped_session_once(clock):
    records: list[SessionRecord] = []
    when = datetime(2025, 5, 1, 9, 30).astimezone()
    session = ExerciseSession(plan(calm_breathing(), 5, False, "words"), clock=clock,
                              on_finish=records.append, now=lambda: when)
    session.start()
    clock.advance(42)
    session.tick()
    record = session.stop()
    assert record == SessionRecord("calm-breathing", "Calm breathing",
                                   session.plan.total_seconds, 42.0, False, when)
    assert session.stop() is record
    session.tick()
    assert records == [record]


def test_stop_before_start_records_nothing(clock):
    records: list[SessionRecord] = []
    session = ExerciseSession(plan(calm_breathing(), 5, False, "words"), clock=clock,
                              on_finish=records.append)
    assert session.stop() is None
    assert records == []


def test_pacer_fullness_grows_on_in_holds_and_shrinks_on_out(clock):
    pattern = BreathingPattern(breathe_in=4, hold_in=2, breathe_out=4, hold_out=0)
    session = ExerciseSession(plan(custom_exercise(pattern), 1, False, "words",
                                   settle_seconds=0), clock=clock)
    session.start()
    samples = []
    for _ in range(10):
        samples.append((session.position().phase, round(session.position().fullness, 2)))
        clock.advance(1)
        session.tick()
    assert samples == [("in", 0.0), ("in", 0.25), ("in", 0.5), ("in", 0.75),
                       ("hold", 1.0), ("hold", 1.0),
                       ("out", 1.0), ("out", 0.75), ("out", 0.5), ("out", 0.25)]


# --- the real content -------------------------------------------------------------------


def real_exercises() -> dict[str, Exercise]:
    from hfs_tui.content.loader import load_library

    return {exercise.id: exercise for exercise in load_library().exercises}


def test_real_breathing_exercises_follow_the_nhs_counts():
    exercises = real_exercises()
    calm = plan(exercises["calm-breathing"], 3, False, "words")
    assert [(s.phase, s.seconds) for s in exercises["calm-breathing"].steps] == [
        ("in", 5), ("out", 5)]
    assert calm.total_seconds - calm.steps[0].seconds == 180
    assert [c.text_to_speak for c in calm.cues[1:6]] == [
        "Breathe in", "two", "three", "four", "five"]
    longer = exercises["longer-out-breath"]
    assert [(s.phase, s.seconds) for s in longer.steps] == [("in", 4), ("out", 6)]
    assert 3 in lengths_for(longer) and 5 in lengths_for(longer)


def test_real_face_steps_are_optional_and_only_ever_let_go():
    for exercise in real_exercises().values():
        face_steps = [s for s in exercise.steps if s.face]
        default_plan = plan(exercise, None, False, "words")
        assert not any(p.step.face for p in default_plan.steps), exercise.id
        for step in face_steps:
            words = f"{step.text} {step.cue}".lower()
            for tense in ("squeeze", "clench", "screw up", "tighten", "scrunch"):
                assert tense not in words, f"{exercise.id}: face step says {tense!r}"
        if face_steps:
            with_face = plan(exercise, None, True, "words")
            assert sum(p.step.face for p in with_face.steps) == len(face_steps)


def test_every_real_exercise_runs_start_to_finish_on_the_clock(clock):
    for exercise in real_exercises().values():
        clock.now = 1000.0  # a fresh start for each
        records: list[SessionRecord] = []
        result = plan(exercise, default_minutes(exercise), False, "counts")
        session = ExerciseSession(result, clock=clock, on_finish=records.append)
        session.start()
        heard = run_collecting(session, clock, 0.25, until=clock.now + 2000)
        assert [cue for _, cue in heard] == list(result.cues), exercise.id
        assert records and records[0].completed, exercise.id
        assert all(cue.text_to_speak for _, cue in heard), exercise.id
