"""Comparing the results of two methods (MoRiLE and OCGM) for the same subject.

The two methods use different scales and band labels, so each headline band is placed between its
scheme's least (0) and most (1) serious band. Research comparing the methods (Mulholland & Cole,
2020) found only moderate agreement, lowest for high-harm groups, and recommended flagging outlying
assessments: we flag a pair whose positions are at least `GAP` apart even allowing for unknowns.
"""

from __future__ import annotations

from dataclasses import dataclass

GAP = 0.5


@dataclass(frozen=True)
class Agreement:
    gap: float              # the smallest distance the two positions can be apart
    disagree: bool
    message: str


def compare_positions(first: tuple[str, tuple[float, float]], second: tuple[str, tuple[float, float]],
                      *, gap: float = GAP) -> Agreement:
    """`first`/`second`: (method name, (lowest, highest) band position in 0..1)."""
    (name_a, (a_lo, a_hi)), (name_b, (b_lo, b_hi)) = first, second
    distance = max(0.0, a_lo - b_hi, b_lo - a_hi)
    if distance + 1e-9 < gap:
        return Agreement(distance, False, f"{name_a} and {name_b} broadly agree.")
    higher, lower = (name_a, name_b) if a_lo > b_hi else (name_b, name_a)
    return Agreement(distance, True,
                     f"Outlying assessment: {higher} rates this subject much more serious than {lower} "
                     f"({distance:.0%} of the band scale apart). Review both: the methods weigh harm "
                     "and attributes differently.")
