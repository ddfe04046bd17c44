"""Data layer: load, validate and query the data package. Imports neither Dash nor Plotly."""

from .bundle import Bundle, load_bundle
from .problems import DataPackageError, Problem

__all__ = ["Bundle", "DataPackageError", "Problem", "load_bundle"]
