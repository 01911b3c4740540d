"""The project's bases for Wagtail admin listings: every spreadsheet they export is escaped.

Use these instead of Wagtail's own classes; tests/lms/test_spreadsheet_escaping.py fails
for a registered listing whose exports are not escaped.
"""

from wagtail.admin.views.generic import IndexView as ModelIndexView
from wagtail.admin.views.reports import ReportView as WagtailReportView
from wagtail.admin.viewsets.model import ModelViewSet as WagtailModelViewSet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet as WagtailSnippetViewSet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from lms.spreadsheets import EscapedSpreadsheetExportMixin


class EscapedSnippetIndexView(EscapedSpreadsheetExportMixin, SnippetIndexView):
    pass


class EscapedModelIndexView(EscapedSpreadsheetExportMixin, ModelIndexView):
    pass


class SnippetViewSet(WagtailSnippetViewSet):
    index_view_class = EscapedSnippetIndexView


class ModelViewSet(WagtailModelViewSet):
    index_view_class = EscapedModelIndexView


class ReportView(EscapedSpreadsheetExportMixin, WagtailReportView):
    pass


__all__ = ["ModelViewSet", "ReportView", "SnippetViewSet", "SnippetViewSetGroup"]
