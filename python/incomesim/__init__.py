"""incomesim from Python: the income of several streams at once, by Monte Carlo.

The same engine as the ``incomesim`` command line, with its results as pandas DataFrames whose
columns are those of its CSV files (docs/csv-schema.md) and per-trial values as numpy arrays.
The same seed gives the same numbers as the command line, bit for bit.

    import incomesim
    plan = incomesim.load()                        # the bundled default scenario
    result = incomesim.run(plan, trials=20_000, seed=1)
    result.summary                                 # summary.csv as a DataFrame
    result.values("total", "horizon")              # every trial's total, numpy float32

Bad input raises ``incomesim.InputError`` (a ValueError) with the command line's message.
Ctrl-C stops a run between blocks and raises KeyboardInterrupt; the simulation itself runs with
the GIL released.
"""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path
from typing import Callable, Iterable, Mapping, Optional, Union

import numpy as np
import pandas as pd

from . import _incomesim
from ._incomesim import InputError, Scenario

__all__ = [
    "InputError",
    "Scenario",
    "Result",
    "load",
    "run",
    "trace",
    "compare",
    "sweep",
    "batch",
    "sensitivity",
    "sobol",
    "calibrate",
    "optimise",
    "Calibration",
    "fit",
    "Fit",
    "report",
    "plot",
]


def __dir__() -> list[str]:
    """The public names only: not the modules this one imports (numpy, pandas, os)."""
    return sorted(__all__)


def _whole(name: str, value, low: int, high: int) -> int:
    """``value`` as an int in [low, high], or InputError naming the argument (the native layer
    would raise a bare TypeError for a negative number or a float)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{name}: {value!r} is not a whole number; allowed: {low} to {high}")
    if not low <= value <= high:
        raise InputError(f"{name}: {value} is out of range; allowed: {low} to {high}")
    return value


_MAX_TRIALS = 2**48 - 1  # random/draw_address.hpp: a trial's index has 48 bits
_MAX_SEED = 2**64 - 1


def _frame(csv_text: str) -> pd.DataFrame:
    # round_trip: the CSV holds shortest round-trip numbers; read back, they are the same doubles.
    frame = pd.read_csv(io.StringIO(csv_text), float_precision="round_trip")
    # Text that a spreadsheet would take for a formula is written with a leading apostrophe
    # (docs/csv-schema.md); a data frame holds the text itself.
    for column in frame.columns[frame.dtypes == object]:
        frame[column] = frame[column].map(_untext)
    return frame


def _untext(cell):
    if not (isinstance(cell, str) and len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r"):
        return cell
    try:
        float(cell[1:])
        return cell  # a number is never protected, so this apostrophe is the text's own
    except ValueError:
        return cell[1:]


def _toml_value(value) -> str:
    """A value as TOML text, as ``--set`` takes it: ``3``, ``true``, ``"uk-2020"``; a string
    starting with ``{``, ``[`` or a quote is TOML already."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and not value.lstrip().startswith(("{", "[", '"')):
        return '"' + value + '"'
    return str(value)


def _settings(overrides: Optional[Mapping[str, object]]) -> list[str]:
    """``{"medium.articles_per_week": 3}`` -> ``["medium.articles_per_week=3"]`` (as --set)."""
    if not overrides:
        return []
    return [f"{key}={_toml_value(value)}" for key, value in overrides.items()]


def _scenario(scenario: Union[Scenario, str, os.PathLike, None]) -> Scenario:
    """A Scenario as it is, a path loaded, None the bundled default."""
    if isinstance(scenario, Scenario):
        return scenario
    return load(scenario)


def load(
    path: Optional[Union[str, os.PathLike]] = None,
    *,
    text: Optional[str] = None,
    name: str = "",
    set: Optional[Mapping[str, object]] = None,
) -> Scenario:
    """Load a scenario: a file, or TOML text; no path and no text is the bundled default.

    ``set`` overrides keys as ``incomesim run --set`` does: ``{"medium.articles_per_week": 3,
    "medium.skill": "{ dist = 'lognormal', median = 1, sigma = 0.5 }"}`` (a string starting with
    ``{``, ``[`` or a quote is TOML; other strings are quoted). ``name`` names TOML text in
    messages. Raises InputError with the command line's message.
    """
    return _incomesim.load(
        None if path is None else os.fspath(path), text, name, _settings(set)
    )


class Result:
    """One run. DataFrames with the columns of the CSV files ``incomesim run`` writes:

    ``summary`` (summary.csv), ``bands`` (bands.csv), ``exceedance`` (exceedance.csv),
    ``metadata`` (metadata.csv), ``parameters`` (parameters.csv: every key, its value and its
    source) and, in exact mode, ``risk`` (risk.csv; None in streaming mode). ``csv`` holds each file's text, byte for byte what the command line writes.
    """

    def __repr__(self) -> str:
        mode = "exact" if self._native.exact else "streaming"
        return (f"<incomesim.Result of {self.scenario.name!r}: {self.trials} trials, seed "
                f"{self.seed}, {mode} mode, series {', '.join(self.series)}>")

    def __init__(self, scenario: Scenario, native, seed: int):
        self.scenario = scenario
        self.seed = seed
        self._native = native
        self.csv: dict[str, str] = dict(native.files)
        self.summary = _frame(self.csv["summary.csv"])
        self.bands = _frame(self.csv["bands.csv"])
        self.exceedance = _frame(self.csv["exceedance.csv"])
        self.metadata = _frame(self.csv["metadata.csv"])
        self.risk = _frame(self.csv["risk.csv"]) if "risk.csv" in self.csv else None
        self.parameters = _frame(self.csv["parameters.csv"])

    @property
    def trials(self) -> int:
        """The trials the report uses (with ``precision``, the count the goals needed)."""
        return self._native.trials

    @property
    def precision_reached(self) -> bool:
        """Whether every ``precision`` goal was met (True for a run without goals)."""
        return self._native.precision_reached

    @property
    def series(self) -> list[str]:
        """The series of the run: each stream, ``total``, then derived ones (``tax``, ``net``)."""
        return self._native.series

    @property
    def periods(self) -> list[str]:
        """The periods of the run: ``horizon``, ``year1``, ... and any [report] ranges."""
        return self._native.periods

    def values(self, series: str = "total", period: str = "horizon") -> np.ndarray:
        """Every trial's income of ``series`` in ``period`` (``horizon``, ``year2`` or
        ``year[2]``, ...; float32, indexed by trial).

        Exact mode only (the default up to about 9.6 million trials of the default scenario).
        """
        return self._native.values(series, period)

    def trace(self, trial: int) -> pd.DataFrame:
        """Trial ``trial`` month by month, exactly as inside this run (``run --trace-trial``)."""
        return trace(self.scenario, trial, seed=self.seed)

    def to_directory(self, directory: Union[str, os.PathLike], html: bool = False,
                     charts: bool = False) -> None:
        """Write the CSV files, as ``incomesim run --out DIRECTORY`` would; with ``html``, also
        report.html (``run --html``: one self-contained page with the charts); with ``charts``,
        the PNG and SVG charts (``run --plot``)."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        for name, text in self.csv.items():
            (out / name).write_text(text, encoding="utf-8")
        if html:
            report(out)
        if charts:
            plot(out)


def run(
    scenario: Union[Scenario, str, os.PathLike, None] = None,
    trials: int = 100_000,
    seed: int = 1,
    threads: int = 0,
    mode: str = "auto",
    progress: Optional[Callable[[int], None]] = None,
    precision: Optional[Iterable[str]] = None,
    max_trials: int = 10_000_000,
) -> Result:
    """Simulate ``scenario`` (a Scenario, a path, or None for the bundled default) as
    ``incomesim run`` does.

    ``threads`` 0 uses every core; ``mode`` is ``auto``, ``exact`` (per-trial values kept) or
    ``streaming`` (sketches; memory independent of trials). ``progress`` is called on this
    thread with the number of trials finished, several times a second; an exception from it
    stops the run and is raised.

    ``precision`` replaces ``trials`` with goals, as ``run --precision`` (docs/research.md):
    ``["0.5%"]`` (P5, P50 and P95 of the total over the horizon to +-0.5%) or statistics such as
    ``["household.p_ruin:0.002", "total.horizon.es:1%"]`` (docs/research.md, "Naming a
    statistic"). The run grows until every goal is met
    or it reaches ``max_trials``; ``result.trials`` is its final count, ``result.precision_reached``
    says whether the goals were met, and ``result.metadata`` has each goal's outcome.
    """
    scenario = _scenario(scenario)
    trials = _whole("trials", trials, 1, _MAX_TRIALS)
    seed = _whole("seed", seed, 0, _MAX_SEED)
    threads = _whole("threads", threads, 0, 2**31 - 1)
    max_trials = _whole("max_trials", max_trials, 1, _MAX_TRIALS)
    if isinstance(precision, str):
        precision = [precision]
    goals = [str(goal) for goal in (precision or [])]
    native = _incomesim.run(scenario, trials, seed, threads, mode, goals, max_trials, progress)
    return Result(scenario, native, seed)


def trace(scenario: Union[Scenario, str, os.PathLike, None] = None, trial: int = 0,
          seed: int = 1) -> pd.DataFrame:
    """One trial month by month (``incomesim run --trace-trial TRIAL``): month, regime, exchange
    rates, each stream's state and income, the total."""
    scenario = _scenario(scenario)
    trial = _whole("trial", trial, 0, _MAX_TRIALS - 1)
    seed = _whole("seed", seed, 0, _MAX_SEED)
    return _frame(_incomesim.trace(scenario, seed, trial))


def _request(trials: int, seed: int, threads: int) -> tuple[int, int, int]:
    return (_whole("trials", trials, 1, _MAX_TRIALS), _whole("seed", seed, 0, _MAX_SEED),
            _whole("threads", threads, 0, 2**31 - 1))


def _page_path(path: Optional[Union[str, os.PathLike]]) -> Optional[Path]:
    """Where a page goes, checked before anything runs: a path that exists and is not a regular
    file (a directory, a FIFO) is never replaced."""
    if path is None:
        return None
    target = Path(path)
    if target.exists() and not target.is_file():
        raise ValueError(f"{target}: exists and is not a regular file; the page is not written")
    return target


def _write_page(target: Optional[Path], text: str) -> None:
    """Writes a page whole or not at all: into a temporary file beside it, then renamed over it."""
    if target is None:
        return
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def compare(a, b, trials: int = 100_000, seed: int = 1, threads: int = 0,
            html: Optional[Union[str, os.PathLike]] = None) -> pd.DataFrame:
    """B against A on the same trials (``incomesim compare``): comparison.csv.

    ``a`` and ``b`` are Scenarios or paths; both must have the same horizon and currency. With
    ``html``, the comparison page (``compare --html``'s comparison.html) is written to that path.
    """
    target = _page_path(html)
    table, page = _incomesim.compare(_scenario(a), _scenario(b), *_request(trials, seed, threads),
                                     page=target is not None)
    _write_page(target, page)
    return _frame(table)


def sweep(
    scenario,
    grid: Mapping[str, Iterable[object]],
    trials: int = 20_000,
    seed: int = 1,
    threads: int = 0,
    html: Optional[Union[str, os.PathLike]] = None,
) -> pd.DataFrame:
    """Every combination of the grid (``incomesim sweep --set key=v1,v2``): sweep.csv.

    ``grid`` maps each key to its values, e.g. ``{"medium.articles_per_week": [1, 2, 4]}`` or
    ``{"tax.system": ["uk-2020", "none"]}`` (values as ``load(set=...)`` takes them). With
    ``html``, the sweep's page (``sweep --html``'s sweep.html) is written to that path.
    """
    axes = [(key, [_toml_value(v) for v in values]) for key, values in grid.items()]
    target = _page_path(html)
    table, page = _incomesim.sweep(_scenario(scenario), axes, *_request(trials, seed, threads),
                                   page=target is not None)
    _write_page(target, page)
    return _frame(table)


def batch(
    inputs: Iterable[Union[str, os.PathLike]],
    trials: int = 20_000,
    seed: int = 1,
    threads: int = 0,
    html: Optional[Union[str, os.PathLike]] = None,
) -> dict[str, pd.DataFrame]:
    """Many scenario files on the same trials (``incomesim batch``): ``batch`` (batch.csv, every
    scenario that ran) and ``errors`` (batch-errors.csv: each file that failed and why; empty
    when none did). ``inputs`` are files or directories of .toml files. With ``html``, the
    batch's page (``batch --html``'s batch.html) is written to that path."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    target = _page_path(html)
    table, errors, page = _incomesim.batch([os.fspath(p) for p in inputs],
                                           *_request(trials, seed, threads),
                                           page=target is not None)
    _write_page(target, page)
    return {"batch": _frame(table), "errors": _frame(errors)}


def _decision(key: str, bounds) -> tuple:
    """``("medium.articles_per_week", (0, 4, 1))`` -> ``(key, 0.0, 4.0, 1.0)``; the step None when
    not given. InputError for anything but 2 or 3 numbers (the bounds are checked natively)."""
    try:
        numbers = [float(b) for b in bounds]
    except (TypeError, ValueError):
        numbers = []
    if len(numbers) not in (2, 3) or any(isinstance(b, bool) for b in bounds):
        raise InputError(f"decisions: {key}: {bounds!r} is not (low, high) or (low, high, step)")
    return (key, numbers[0], numbers[1], numbers[2] if len(numbers) == 3 else None)


def optimise(
    scenario,
    decisions: Optional[Mapping[str, tuple]] = None,
    maximise: Optional[str] = None,
    frontier: Optional[str] = None,
    max_side_hours: Optional[float] = None,
    constraints: Iterable[str] = (),
    set: Optional[Mapping[str, object]] = None,
    grid: int = 5,
    max_plans: int = 60,
    trials: int = 20_000,
    seed: int = 1,
    threads: int = 0,
    html: Optional[Union[str, os.PathLike]] = None,
    svg: Optional[Union[str, os.PathLike]] = None,
) -> pd.DataFrame:
    """The plan that maximises a statistic under constraints, or the frontier between two
    (``incomesim optimise``): optimise.csv, every plan evaluated with its statistics, intervals,
    feasibility and the best, ties_best and on_frontier flags.

    ``decisions`` maps keys to ``(low, high)`` or ``(low, high, step)``, beside the scenario's
    own ``[decisions]``; ``maximise`` and ``frontier`` are statistics (``"net.horizon.p10"``,
    ``"household.p_ruin"``); ``constraints`` are bounds such as ``"household.p_ruin <= 0.02"``;
    ``set`` applies to every plan. With ``html`` or ``svg``, optimise.html or optimise.svg is
    written to that path.
    """
    settings = _incomesim.OptimiseSettings()
    settings.objective = "" if maximise is None else str(maximise)
    settings.frontier = "" if frontier is None else str(frontier)
    if max_side_hours is not None:
        settings.max_side_hours = float(max_side_hours)
    settings.constraints = [str(c) for c in constraints]
    settings.overrides = _settings(set)
    settings.grid = _whole("grid", grid, 2, 1000)
    settings.max_plans = _whole("max_plans", max_plans, 1, 5000)
    page_target, svg_target = _page_path(html), _page_path(svg)
    chosen = [_decision(str(k), v) for k, v in (decisions or {}).items()]
    table, chart, page = _incomesim.optimise(_scenario(scenario), chosen, settings,
                                             *_request(trials, seed, threads),
                                             page=page_target is not None)
    _write_page(page_target, page)
    _write_page(svg_target, chart)
    return _frame(table)


def sensitivity(
    scenario=None,
    spread: Union[str, float] = "20%",
    metrics: Optional[Iterable[str]] = None,
    trials: int = 10_000,
    seed: int = 1,
    threads: int = 0,
) -> dict[str, pd.DataFrame]:
    """Every numeric parameter moved down and up (``incomesim sensitivity``): ``tornado`` and
    ``correlations`` (tornado.csv and per-trial-correlations.csv)."""
    # None: the analysis's default (net income's P10 and P50 with [tax], else the total's).
    names = list(metrics) if metrics else []
    tornado, correlations = _incomesim.sensitivity(
        _scenario(scenario), str(spread), names, *_request(trials, seed, threads))
    return {"tornado": _frame(tornado), "correlations": _frame(correlations)}


def sobol(
    scenario=None,
    output: str = "total.horizon",
    trials: int = 10_000,
    seed: int = 1,
    threads: int = 0,
    resamples: int = 1000,
) -> pd.DataFrame:
    """Sobol indices of ``output`` for each parameter, each stream's parameters and luck
    (``incomesim sobol``): sobol.csv."""
    resamples = _whole("resamples", resamples, 100, 100_000)
    return _frame(_incomesim.sobol(_scenario(scenario), output, resamples,
                                   *_request(trials, seed, threads)))


@dataclasses.dataclass(frozen=True)
class Calibration:
    """What ``calibrate`` found: ``key`` = ``value`` gives ``statistic`` = ``achieved`` (its 95%
    interval ``achieved_ci_low`` to ``achieved_ci_high``) against ``target``.

    ``ci_low`` and ``ci_high`` are the values of the key at which the statistic is one of its own
    95% half-widths either side of the target (None when the statistic has no interval); an end
    marked ``ci_low_open`` or ``ci_high_open`` is the range's, the true end lying beyond it.
    ``scenario`` is the calibrated scenario, ``toml`` its text (what ``calibrate --write`` writes).
    """

    key: str
    value: float
    ci_low: Optional[float]
    ci_high: Optional[float]
    ci_low_open: bool
    ci_high_open: bool
    statistic: str
    target: float
    achieved: float
    achieved_ci_low: float
    achieved_ci_high: float
    simulations: int
    trials: int
    seed: int
    toml: str = dataclasses.field(repr=False)

    @property
    def scenario(self) -> Scenario:
        return load(text=self.toml, name=f"calibrated {self.key}")


def calibrate(
    scenario,
    target: str,
    vary: str,
    range: Optional[tuple[float, float]] = None,
    trials: int = 100_000,
    seed: int = 1,
    threads: int = 0,
) -> Calibration:
    """The value of ``vary`` that makes a statistic hit a target (``incomesim calibrate``), on
    the same trials for every value tried (docs/research.md).

    ``target`` as ``--target`` takes it: ``"medium.month12.p_above_100=0.057"`` or
    ``"total.horizon.p10=150000"``. ``range`` is ``(low, high)``; by default the key's value
    divided and multiplied by 10.
    """
    bounds = [] if range is None else [float(x) for x in range]
    found = _incomesim.calibrate(_scenario(scenario), str(target), str(vary), bounds,
                                 *_request(trials, seed, threads))
    return Calibration(**found)


@dataclasses.dataclass(frozen=True)
class Fit:
    """What ``fit`` estimated from a payout history: ``estimates`` (a DataFrame of stream,
    parameter, value, ci_low, ci_high: each maximum-likelihood estimate with its 95% interval),
    ``toml`` (the scenario fragment ``incomesim fit --out`` writes, every value with its source)
    and ``summary`` (the lines the command prints)."""

    estimates: pd.DataFrame
    toml: str = dataclasses.field(repr=False)
    summary: str = dataclasses.field(repr=False)

    def scenario(self, base: str = "", name: str = "fitted") -> Scenario:
        """The fragment under ``base`` (TOML text such as ``"horizon_months = 36"``) as a
        Scenario."""
        return load(text=base + "\n" + self.toml, name=name)


def fit(history: Union[str, os.PathLike], as_of: Union[str, int, None] = None,
        payout_half_life_months: Optional[float] = None) -> Fit:
    """Medium and newsletter parameters fitted to one's own payout history (``incomesim fit``):
    a CSV of month,stream,item,metric,value (docs/research.md, "Fitting to one's own history").
    Medium's earnings to date, as of ``as_of`` (the history's last month unless given, named as
    the history names months: 6 or "2024-06"), are scaled to lifetime earnings under the payout
    model with ``payout_half_life_months`` (default the stream's, 2)."""
    if as_of is not None and not isinstance(as_of, (str, int)):
        raise TypeError(f"as_of: expected a month as a number or text, got {type(as_of).__name__}")
    found = _incomesim.fit(os.fspath(history), "" if as_of is None else str(as_of),
                           payout_half_life_months)
    return Fit(estimates=_frame(found["estimates"]), toml=found["toml"], summary=found["summary"])


def report(directory: Union[str, os.PathLike]) -> Path:
    """report.html of a results directory (``incomesim report DIR``): one self-contained page with
    the charts, the tables and the sources; returns its path."""
    _incomesim.report(os.fspath(directory))
    return Path(directory) / "report.html"


def plot(directory: Union[str, os.PathLike]) -> list[Path]:
    """The charts of a results directory (``incomesim plot DIR``, through gnuplot): fan,
    exceedance and, where their files are present, risk, tornado and sobol, each as PNG and SVG;
    returns their paths."""
    return [Path(directory) / name for name in _incomesim.plot(os.fspath(directory))]
