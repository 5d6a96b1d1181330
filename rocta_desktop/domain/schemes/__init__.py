"""Assessment schemes as data: loading and checking definitions, the expression language, scoring."""

from .expressions import ExpressionError, Interval
from .loader import SchemeError, load_file, load_text
from .model import Band, BandSet, Calculation, Direction, Factor, FactorKind, Level, Matrix, Option, Scheme, Section
from .registry import builtin_schemes, pick, split_ref, version_key
from .scoring import ENGINE_VERSION, Answer, Result, answers_to_json, parse_answers, score, score_json

__all__ = [
    "Answer", "Band", "BandSet", "Calculation", "Direction", "ENGINE_VERSION", "ExpressionError", "Factor",
    "FactorKind", "Interval", "Level", "Matrix", "Option", "Result", "Scheme", "SchemeError", "Section",
    "answers_to_json", "builtin_schemes", "load_file", "load_text", "parse_answers", "pick", "score",
    "score_json", "split_ref", "version_key",
]
