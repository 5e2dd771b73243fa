"""Evaluation of the engine on scenario scripts (``assistant eval``): running and reporting."""

from assistant.evaluation.report import (
    HEADER,
    Totals,
    exit_code,
    failure_lines,
    percentile,
    report_json,
    run_json,
    table_row,
    total_lines,
    totals,
)
from assistant.evaluation.runner import (
    DEFAULT_SCENARIO_DIR,
    EvalItem,
    ScenarioError,
    ScenarioRun,
    evaluate,
    evaluate_script,
    find_scripts,
    scenario_language,
)

__all__ = [
    "DEFAULT_SCENARIO_DIR",
    "HEADER",
    "EvalItem",
    "ScenarioError",
    "ScenarioRun",
    "Totals",
    "evaluate",
    "evaluate_script",
    "exit_code",
    "failure_lines",
    "find_scripts",
    "percentile",
    "report_json",
    "run_json",
    "scenario_language",
    "table_row",
    "total_lines",
    "totals",
]
