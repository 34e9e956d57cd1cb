"""The DuckDB warehouse: schema, numbered migrations and every SQL statement.

No other package issues SQL. Each module here owns one group of tables and
exposes plain functions that take an open connection; open one with
:func:`warehouse.connection.connect`.
"""

from warehouse.connection import Warehouse, connect

__all__ = ["Warehouse", "connect"]
