"""Capacity-building indicators: periods, targets, frozen quarters, queries, exports, views."""
