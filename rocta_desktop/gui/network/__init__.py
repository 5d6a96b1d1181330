"""Link charts: the network around a record, drawn for an analyst (gui/screens.py LINK_CHART)."""

from .chart import ChartScreen
from .view import ChartView

__all__ = ["ChartScreen", "ChartView"]
