"""The Python module against the command line: the same seed gives the same files byte for byte,
the same errors give the same messages, and a run can be watched and stopped.

Run by ctest (Python.Pytest) with PYTHONPATH at the build tree's python/ and INCOMESIM_BINARY,
INCOMESIM_BUILD_DIR and INCOMESIM_SOURCE_DIR set.
"""

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import incomesim

BINARY = os.environ["INCOMESIM_BINARY"]
SOURCE = Path(os.environ["INCOMESIM_SOURCE_DIR"])
BUILD = Path(os.environ["INCOMESIM_BUILD_DIR"])
EXAMPLES = SOURCE / "scenarios" / "examples"


def cli(*arguments, check=True):
    result = subprocess.run([BINARY, *map(str, arguments)], capture_output=True, text=True,
                            timeout=300)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def cli_error(*arguments):
    """The command line's one-line message for bad input, without its "incomesim: " prefix."""
    result = cli(*arguments, check=False)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("incomesim: ")
    return result.stderr[len("incomesim: ") :].rstrip("\n")


@pytest.mark.parametrize("threads", [1, 2])
def test_run_writes_the_command_lines_files_byte_for_byte(tmp_path, threads):
    cli("run", "-n", 5000, "-s", 7, "-t", 2, "-q", "-o", tmp_path)
    result = incomesim.run(trials=5000, seed=7, threads=threads)
    names = sorted(p.name for p in tmp_path.glob("*.csv"))
    assert names == sorted(result.csv)
    for name in names:
        assert result.csv[name] == (tmp_path / name).read_text(), name
    # The DataFrames have the files' columns and values.
    for attribute, name in [("summary", "summary.csv"), ("bands", "bands.csv"),
                            ("exceedance", "exceedance.csv"), ("risk", "risk.csv"),
                            ("metadata", "metadata.csv"), ("parameters", "parameters.csv")]:
        expected = pd.read_csv(tmp_path / name, float_precision="round_trip")
        pd.testing.assert_frame_equal(getattr(result, attribute), expected)


def test_run_with_precision_goals_is_run_precision(tmp_path):
    """The same analysis as ``run --precision``: the same final count, the same files."""
    goals = ["total.horizon p50:0.15%", "household p_ruin:0.003"]
    arguments = ["run", "-s", 5, "-t", 2, "-q", "-o", tmp_path]
    for goal in goals:
        arguments += ["--precision", goal]
    cli(*arguments)
    result = incomesim.run(seed=5, threads=2, precision=goals)
    assert result.precision_reached
    assert result.trials > 10_240  # it grew from its first ten blocks
    assert f"trials_simulated,{result.trials}\n" in result.csv["metadata.csv"]
    for name in sorted(p.name for p in tmp_path.glob("*.csv")):
        assert result.csv[name] == (tmp_path / name).read_text(), name
    capped = incomesim.run(precision="0.01%", max_trials=12_000)
    assert not capped.precision_reached and capped.trials == 12_000
    with pytest.raises(incomesim.InputError, match="--precision: P7 is not among --percentiles"):
        incomesim.run(precision=["total.horizon p7:1%"])


def test_to_directory_with_html_equals_run_html(tmp_path):
    cli("run", "-n", 3000, "-q", "--html", "-o", tmp_path / "cli")
    incomesim.run(trials=3000).to_directory(tmp_path / "python", html=True)
    for name in ["summary.csv", "parameters.csv", "report.html"]:
        assert (tmp_path / "python" / name).read_text() == (tmp_path / "cli" / name).read_text()


def test_a_scenario_file_with_overrides_equals_run_set(tmp_path):
    path = EXAMPLES / "creator-leap.toml"
    cli("run", path, "-n", 3000, "-q", "-o", tmp_path, "--set", "medium.articles_per_week=2",
        "--set", "youtube.skill={ dist = 'lognormal', median = 1, sigma = 0.5 }")
    plan = incomesim.load(path, set={"medium.articles_per_week": 2,
                                     "youtube.skill": "{ dist = 'lognormal', median = 1, sigma = 0.5 }"})
    result = incomesim.run(plan, trials=3000)
    assert result.csv["summary.csv"] == (tmp_path / "summary.csv").read_text()


def test_values_are_every_trials_and_agree_with_the_summary():
    result = incomesim.run(trials=4000, seed=2, mode="exact")
    total = result.values("total", "horizon")
    assert total.dtype == np.float32 and total.shape == (4000,)
    parts = sum(result.values(s, "horizon").astype(np.float64) for s in incomesim.load().streams)
    # The total is the sum of the streams, each stored as float32: within float rounding.
    np.testing.assert_allclose(total, parts, rtol=1e-6)
    row = result.summary.query("series == 'total' and period == 'horizon' and metric == 'mean'")
    assert float(row["value"].iloc[0]) == pytest.approx(float(total.astype(np.float64).mean()), rel=1e-6)
    assert "year1" in result.periods and "total" in result.series
    with pytest.raises(incomesim.InputError, match="'bogus' is not a series of this run"):
        result.values("bogus", "horizon")
    streaming = incomesim.run(trials=2000, mode="streaming")
    assert streaming.risk is None
    with pytest.raises(incomesim.InputError, match="only exact mode keeps"):
        streaming.values()


def test_trace_equals_run_trace_trial():
    printed = cli("run", "--trace-trial", 12, "-s", 4).stdout
    csv_text = "".join(line + "\n" for line in printed.splitlines() if not line.startswith("#"))
    expected = pd.read_csv(io.StringIO(csv_text), float_precision="round_trip")
    pd.testing.assert_frame_equal(incomesim.trace(trial=12, seed=4), expected)
    pd.testing.assert_frame_equal(incomesim.run(trials=100, seed=4).trace(12), expected)


def test_bad_input_raises_the_command_lines_message(tmp_path):
    missing = tmp_path / "missing.toml"
    with pytest.raises(incomesim.InputError) as error:
        incomesim.load(missing)
    assert str(error.value) == cli_error("run", missing)
    assert isinstance(error.value, ValueError)

    with pytest.raises(incomesim.InputError) as error:
        incomesim.load(set={"medium.articles_per_week": -1})
    assert str(error.value) == cli_error("run", "--set", "medium.articles_per_week=-1")

    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\ncurrency = "GBP"\n[medium]\narticles_per_wek = 2\n')
    with pytest.raises(incomesim.InputError) as error:
        incomesim.load(bad)
    assert str(error.value) == cli_error("validate", bad)

    with pytest.raises(incomesim.InputError) as error:
        incomesim.sobol(output="total.decade", trials=1000)
    assert str(error.value) == cli_error("sobol", "--output", "total.decade", "-n", 1000, "-q",
                                         "-o", tmp_path / "out")
    with pytest.raises(incomesim.InputError, match="is not a mode; allowed: auto, exact, streaming"):
        incomesim.run(trials=10, mode="fast")


def test_limits_of_the_loader_and_the_command_line_apply_in_python():
    # Negative or fractional counts were a bare TypeError from the native layer.
    for arguments, message in [({"trials": -1}, "trials: -1 is out of range; allowed: 1 to"),
                               ({"trials": 2.5}, "trials: 2.5 is not a whole number"),
                               ({"seed": -1}, "seed: -1 is out of range; allowed: 0 to"),
                               ({"threads": -2}, "threads: -2 is out of range")]:
        with pytest.raises(incomesim.InputError, match=message):
            incomesim.run(**arguments)
    with pytest.raises(incomesim.InputError, match="trial: -3 is out of range"):
        incomesim.trace(trial=-3)
    # load(text=...) has the file's limits: 1 MiB, and a plain name of at most 256 characters
    # (a 200,000-character name made 164 MB of CSV from 100 trials).
    plan = "[career]\nsalary = 1\n"
    with pytest.raises(incomesim.InputError, match="is 200000 characters; allowed: at most 256"):
        incomesim.load(text=plan, name="n" * 200_000)
    with pytest.raises(incomesim.InputError, match="holds U\\+000A \\(a line break\\)"):
        incomesim.load(text=plan, name="a\nb.toml")
    with pytest.raises(incomesim.InputError, match="a scenario may be at most 1048576 bytes"):
        incomesim.load(text=plan + "#" * (1 << 20))
    with pytest.raises(incomesim.InputError, match="holds U\\+000A"):
        incomesim.load(text='name = "x\\ny"\n' + plan)


def test_research_commands_give_the_command_lines_tables(tmp_path):
    a, b = EXAMPLES / "alake-2020.toml", EXAMPLES / "creator-leap.toml"
    plan, youtube = SOURCE / "docs/research/neither.toml", SOURCE / "docs/research/youtube-first.toml"
    cli("compare", plan, youtube, "-n", 2000, "-q", "-o", tmp_path / "compare")
    pd.testing.assert_frame_equal(
        incomesim.compare(str(plan), incomesim.load(youtube), trials=2000),
        pd.read_csv(tmp_path / "compare" / "comparison.csv", float_precision="round_trip"))
    cli("sweep", a, "--set", "medium.articles_per_week=1,3", "-n", 2000, "-q", "-o", tmp_path / "sweep")
    pd.testing.assert_frame_equal(
        incomesim.sweep(a, {"medium.articles_per_week": [1, 3]}, trials=2000),
        pd.read_csv(tmp_path / "sweep" / "sweep.csv", float_precision="round_trip"))
    cli("sobol", b, "--output", "total.year[2]", "-n", 2000, "-q", "-o", tmp_path / "sobol")
    # A loaded Scenario object is given to the command as its TOML: the same numbers.
    pd.testing.assert_frame_equal(
        incomesim.sobol(incomesim.load(b), output="total.year[2]", trials=2000),
        pd.read_csv(tmp_path / "sobol" / "sobol.csv", float_precision="round_trip"))
    frames = incomesim.sensitivity(b, spread="10%", metrics=["total.horizon.p50"], trials=1000)
    cli("sensitivity", b, "--spread", "10%", "--metric", "total.horizon.p50", "-n", 1000, "-q",
        "-o", tmp_path / "sensitivity")
    pd.testing.assert_frame_equal(
        frames["tornado"],
        pd.read_csv(tmp_path / "sensitivity" / "tornado.csv", float_precision="round_trip"))
    assert list(frames["correlations"].columns) == [
        "parameter", "spearman_with_total", "ci_low", "ci_high", "trials", "seed"]


def test_net_income_is_a_series_for_precision_and_calibration():
    """With [tax], a precision goal and a calibration target may name net income, as on the
    command line; the goal is met on net's own interval."""
    result = incomesim.run(seed=3, threads=2, precision=["net.horizon p50:2000"],
                           max_trials=200_000)
    assert result.precision_reached
    assert "precision_1_statistic,net.horizon.p50\n" in result.csv["metadata.csv"]
    row = result.summary.query("series == 'net' and period == 'horizon' and metric == 'p50'")
    assert (row["ci_high"] - row["ci_low"]).iloc[0] / 2 <= 2000
    found = incomesim.calibrate(None, "net.horizon p50=160000", "medium.articles_per_week",
                                range=(1, 5), trials=2000)
    assert found.statistic == "net.horizon.p50"
    assert found.achieved_ci_low <= 160_000 <= found.achieved_ci_high


def test_compare_and_sweep_call_the_analyses_directly(tmp_path):
    """No temporary scenario and no command line: a Scenario's own TOML and name are used, string
    values are TOML strings as in load(set=...), and scenarios in two currencies are refused."""
    assert not hasattr(incomesim._incomesim, "command")  # the argv path is gone
    a = EXAMPLES / "alake-2020.toml"
    cli("sweep", a, "--set", 'tax.system="uk-2020","us-2020-single"', "-n", 1000, "-q", "-o",
        tmp_path / "sweep")
    pd.testing.assert_frame_equal(
        incomesim.sweep(incomesim.load(a), {"tax.system": ["uk-2020", "us-2020-single"]},
                        trials=1000),
        pd.read_csv(tmp_path / "sweep" / "sweep.csv", float_precision="round_trip"))
    us = EXAMPLES / "us-ml-engineer-side-income.toml"
    with pytest.raises(incomesim.InputError, match="compare needs the same reporting currency"):
        incomesim.compare(a, us, trials=1000)


def test_optimise_gives_the_command_lines_table_chart_and_page(tmp_path):
    a = EXAMPLES / "alake-2020.toml"
    cli("optimise", a, "--decide", "medium.articles_per_week=0:2:1", "--decide",
        "consulting.days_per_month=0:4", "--grid", 3, "--max-side-hours", 20, "--constraint",
        "household.p_ruin <= 0.05", "--set", 'regime.start="normal"', "-n", 2000, "-q", "--html",
        "-o", tmp_path / "cli")
    frame = incomesim.optimise(
        a, {"medium.articles_per_week": (0, 2, 1), "consulting.days_per_month": (0, 4)}, grid=3,
        max_side_hours=20, constraints=["household.p_ruin <= 0.05"],
        set={"regime.start": "normal"}, trials=2000, html=tmp_path / "optimise.html",
        svg=tmp_path / "optimise.svg")
    pd.testing.assert_frame_equal(
        frame, pd.read_csv(tmp_path / "cli" / "optimise.csv", float_precision="round_trip"))
    assert (tmp_path / "optimise.html").read_text() == (tmp_path / "cli" / "optimise.html").read_text()
    assert (tmp_path / "optimise.svg").read_text() == (tmp_path / "cli" / "optimise.svg").read_text()
    assert frame["best"].sum() == 1 and frame.loc[frame["best"] == 1, "ties_best"].item() == 1
    with pytest.raises(incomesim.InputError, match="is not \\(low, high\\)"):
        incomesim.optimise(a, {"medium.articles_per_week": (1,)})
    with pytest.raises(incomesim.InputError, match="low 3 is above high 1"):
        incomesim.optimise(a, {"medium.articles_per_week": (3, 1)}, trials=500)


def test_batch_lists_failures_and_runs_the_rest_as_the_command_line_does(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n[career]\nsalary = -1\n', encoding="utf-8")
    inputs = [EXAMPLES / "steady-job.toml", bad]
    result = cli("batch", *inputs, "-n", 500, "-q", "-o", tmp_path / "batch", check=False)
    assert result.returncode == 3, result.stderr
    frames = incomesim.batch(inputs, trials=500)
    pd.testing.assert_frame_equal(
        frames["batch"], pd.read_csv(tmp_path / "batch" / "batch.csv", float_precision="round_trip"))
    pd.testing.assert_frame_equal(frames["errors"], pd.read_csv(tmp_path / "batch" / "batch-errors.csv"))
    assert list(frames["errors"]["file"]) == [str(bad)]
    with pytest.raises(incomesim.InputError, match="not found"):
        incomesim.batch([tmp_path / "missing.toml"])


def test_the_comparison_pages_are_the_command_lines_byte_for_byte(tmp_path):
    """compare, sweep and batch with ``html=`` write the page ``--html`` writes, byte for byte,
    and return the same table; a path that is a directory is refused and left alone."""
    a, b = EXAMPLES / "course-creator.toml", EXAMPLES / "creator-leap.toml"
    cli("compare", a, b, "-n", 1000, "-q", "--html", "-o", tmp_path / "c")
    frame = incomesim.compare(a, b, trials=1000, html=tmp_path / "c.html")
    assert (tmp_path / "c.html").read_bytes() == (tmp_path / "c" / "comparison.html").read_bytes()
    pd.testing.assert_frame_equal(
        frame, pd.read_csv(tmp_path / "c" / "comparison.csv", float_precision="round_trip"))
    cli("sweep", a, "--set", "youtube.videos_per_month=1,3", "-n", 1000, "-q", "--html", "-o",
        tmp_path / "s")
    incomesim.sweep(a, {"youtube.videos_per_month": [1, 3]}, trials=1000, html=tmp_path / "s.html")
    assert (tmp_path / "s.html").read_bytes() == (tmp_path / "s" / "sweep.html").read_bytes()
    cli("batch", a, b, "-n", 1000, "-q", "--html", "-o", tmp_path / "b")
    incomesim.batch([a, b], trials=1000, html=tmp_path / "b.html")
    assert (tmp_path / "b.html").read_bytes() == (tmp_path / "b" / "batch.html").read_bytes()
    (tmp_path / "taken").mkdir()
    with pytest.raises(ValueError, match="not a regular file"):
        incomesim.compare(a, b, trials=1000, html=tmp_path / "taken")
    assert (tmp_path / "taken").is_dir()


def test_calibrate_gives_the_command_lines_answer_and_file(tmp_path):
    """The same answer, interval and calibrated file as ``incomesim calibrate --write``; the
    calibrated Scenario runs; a target outside the range is the command line's refusal."""
    plan = EXAMPLES / "medium-population-2020.toml"
    target, key = "medium.month[12] P(>100)=0.057", "medium.earnings_per_article.median"
    written = tmp_path / "calibrated.toml"
    out = cli("calibrate", plan, "--target", target, "--vary", key, "--range", "2,8", "-n", 5000,
              "-q", "--write", written).stdout
    found = incomesim.calibrate(plan, target, key, range=(2, 8), trials=5000)
    # The console shows six significant digits; Python keeps every digit.
    assert out.startswith(f"{key} = {found.value:.6g} (95% CI {found.ci_low:.6g} to "
                          f"{found.ci_high:.6g}) gives medium.month12.p_above_100 = "), out
    assert f"; {found.simulations} simulations of 5000 trials, seed 1" in out
    assert found.toml == written.read_text()
    assert found.statistic == "medium.month12.p_above_100" and found.target == 0.057
    assert found.achieved_ci_low <= found.achieved <= found.achieved_ci_high
    assert not (found.ci_low_open or found.ci_high_open)
    assert incomesim.run(found.scenario, trials=100).trials == 100
    message = cli_error("calibrate", plan, "--target", "medium.month[12] P(>100)=0.9", "--vary",
                        key, "--range", "2,8", "-n", 1000, "-q")
    with pytest.raises(incomesim.InputError) as raised:
        incomesim.calibrate(plan, "medium.month[12] P(>100)=0.9", key, range=(2, 8), trials=1000)
    assert str(raised.value) == message


def test_fit_gives_the_command_lines_fragment_and_estimates(tmp_path):
    history = SOURCE / "docs" / "examples" / "history-synthetic.csv"
    written = tmp_path / "fitted.toml"
    printed = cli("fit", history, "--out", written).stdout
    found = incomesim.fit(history)
    assert found.toml == written.read_text()
    assert printed == found.summary + f"Wrote {written}\n"
    row = found.estimates.set_index("parameter").loc["monthly_churn"]
    assert row["stream"] == "newsletter" and row["ci_low"] < row["value"] < row["ci_high"]
    assert list(found.estimates["parameter"]) == [
        "earnings_per_article.median", "earnings_per_article.sigma", "earnings_per_article.p_zero",
        "articles_per_week", "payout_half_life_months", "initial_subscribers",
        "organic_signups_per_month", "monthly_churn"]
    assert incomesim.run(found.scenario("horizon_months = 12"), trials=100).trials == 100
    # The payout model's options, as the command line takes them.
    later = tmp_path / "later.toml"
    cli("fit", history, "--as-of", "24", "--payout-half-life", "3", "--out", later)
    assert incomesim.fit(history, as_of=24, payout_half_life_months=3).toml == later.read_text()
    assert incomesim.fit(history, as_of="24").toml != found.toml
    with pytest.raises(incomesim.InputError) as raised:
        incomesim.fit(history, as_of=5)
    assert str(raised.value) == cli_error("fit", history, "--as-of", "5")
    bad = tmp_path / "bad.csv"
    bad.write_text("month,stream,item,metric,value\n2024-01,medium,a,earnings,3\n")
    with pytest.raises(incomesim.InputError) as raised:
        incomesim.fit(bad)
    assert str(raised.value) == cli_error("fit", bad)


def test_the_package_shows_what_it_holds():
    """Reprs that say what a Scenario and a Result hold, only public names in dir(), and a path
    wherever a scenario is taken."""
    assert dir(incomesim) == sorted(incomesim.__all__)
    assert "np" not in dir(incomesim) and "pd" not in dir(incomesim)
    plan = incomesim.load(EXAMPLES / "steady-job.toml")
    assert repr(plan).startswith("<incomesim.Scenario 'steady-job' from ")
    assert "24 months in USD, streams career>" in repr(plan)
    result = incomesim.run(EXAMPLES / "steady-job.toml", trials=100, seed=2)
    assert repr(result) == ("<incomesim.Result of 'steady-job': 100 trials, seed 2, exact mode, "
                            "series career, total, income_tax, social, tax, net>")
    assert incomesim.trace(str(EXAMPLES / "steady-job.toml"), trial=1).shape[0] == 24
    for function in [getattr(incomesim, name) for name in incomesim.__all__]:
        assert function.__doc__, function


def test_report_and_plot_write_what_the_command_line_writes(tmp_path):
    cli("run", "-n", 2000, "-q", "-o", tmp_path / "cli", "--html", "--plot")
    result = incomesim.run(trials=2000)
    result.to_directory(tmp_path / "py")
    assert incomesim.report(tmp_path / "py") == tmp_path / "py" / "report.html"
    charts = incomesim.plot(tmp_path / "py")
    assert sorted(p.name for p in charts) == sorted(
        p.name for p in (tmp_path / "cli").iterdir() if p.suffix in (".png", ".svg"))
    for name in ["report.html", "fan.svg", "exceedance.svg", "risk.svg"]:
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    with pytest.raises(incomesim.InputError, match="metadata.csv"):
        incomesim.plot(tmp_path)


def test_progress_is_reported_and_an_exception_in_it_stops_the_run():
    seen = []
    incomesim.run(trials=30_000, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 30_000 and len(seen) >= 1

    class Enough(Exception):
        pass

    def stop(done):
        raise Enough(done)

    started = time.monotonic()
    with pytest.raises(Enough):
        incomesim.run(trials=50_000_000, mode="streaming", progress=stop)
    # 50 million trials take minutes; stopped at the first report, it is a fraction of a second.
    assert time.monotonic() - started < 20
    # The interpreter can run again afterwards.
    assert len(incomesim.run(trials=500).values()) == 500


def test_the_gil_is_released_while_trials_run():
    ticks = 0
    done = threading.Event()

    def simulate():
        incomesim.run(trials=300_000, mode="streaming", threads=1)
        done.set()

    worker = threading.Thread(target=simulate)
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    # Held for the whole run, the GIL would leave this loop a handful of turns at most.
    assert ticks > 50


CTRL_C_SCRIPT = r"""
import sys, time, incomesim
def progress(done):
    if not getattr(progress, "said", False):
        progress.said = True
        print("started", flush=True)
try:
    incomesim.run(trials=50_000_000, mode="streaming", progress=progress)
    print("finished")
except KeyboardInterrupt:
    print("interrupted", flush=True)
print("again", len(incomesim.run(trials=1000).values()), flush=True)
"""


def test_ctrl_c_stops_a_run_cleanly():
    process = subprocess.Popen([sys.executable, "-c", CTRL_C_SCRIPT], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=os.environ)
    assert process.stdout.readline().strip() == "started"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.split() == ["interrupted", "again", "1000"]


def test_the_python_docs_run(tmp_path, monkeypatch):
    """Every ```python block of docs/python.md, in order, in one namespace."""
    text = (SOURCE / "docs" / "python.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 3
    # Run where a reader would be, in a checkout: the examples the docs name are there.
    (tmp_path / "docs" / "examples").mkdir(parents=True)
    shutil.copy(SOURCE / "docs" / "examples" / "history-synthetic.csv",
                tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    namespace = {}
    for block in blocks:
        exec(compile(block, "docs/python.md", "exec"), namespace)


def test_pip_install_gives_an_importable_package(tmp_path):
    """``pip install --no-build-isolation .`` with Debian's setuptools: setup.py drives the CMake
    build (here the suite's own build tree, so nothing is compiled twice) and packs the module."""
    target = tmp_path / "site"
    environment = dict(os.environ, INCOMESIM_CMAKE_BUILD_DIR=str(BUILD))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-deps",
                    "--no-index", "--quiet", "--target", str(target), str(SOURCE)],
                   check=True, capture_output=True, env=environment, cwd=SOURCE, timeout=600)
    code = ("import incomesim, importlib.metadata as m; print(incomesim.__file__); "
            "print(m.version('incomesim')); print(incomesim.run(trials=100).trials)")
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, PYTHONPATH=str(target)),
                         capture_output=True, text=True, check=True, cwd=tmp_path,
                         timeout=300).stdout.split()
    assert out[0] == str(target / "incomesim" / "__init__.py")
    assert out[1] == re.search(r"project\(incomesim VERSION ([0-9.]+)",
                               (SOURCE / "CMakeLists.txt").read_text()).group(1)
    assert out[2] == "100"


def test_cmake_install_gives_an_importable_package(tmp_path):
    subprocess.run(["cmake", "--install", str(BUILD), "--component", "python", "--prefix",
                    str(tmp_path)], check=True, capture_output=True, timeout=300)
    installed = next(tmp_path.glob("lib/python3*/dist-packages"))
    environment = dict(os.environ, PYTHONPATH=str(installed))
    code = "import incomesim; print(incomesim.__file__); print(len(incomesim.run(trials=100).values()))"
    # cwd elsewhere: `python -c` searches the current directory first (ctest's is build/python).
    out = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True,
                         text=True, check=True, cwd=tmp_path, timeout=300).stdout.split()
    assert out[0].startswith(str(installed)) and out[1] == "100"
