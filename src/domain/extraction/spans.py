"""Non-overlapping spans of text, kept sorted: the overlap test and the insertion cost O(log n) searches.

Every finder that lets an earlier match keep its place against later ones ("a reference takes its span
first") used to compare each new match with every fact found so far: quadratic on a text holding thousands
of matches. This keeps the taken spans sorted and disjoint, so one bisection answers.
"""

from __future__ import annotations

from bisect import bisect_right


class Spans:
    """Disjoint [start, end) spans."""

    __slots__ = ("_ends", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def __len__(self) -> int:
        return len(self._starts)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a position with a taken span (an empty span: lies inside one)."""
        index = bisect_right(self._starts, start)
        if index > 0 and self._ends[index - 1] > start:
            return True
        return index < len(self._starts) and self._starts[index] < end

    def take(self, start: int, end: int) -> bool:
        """Take [start, end) unless it overlaps a taken span; whether it was taken."""
        if self.overlaps(start, end):
            return False
        index = bisect_right(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)
        return True
