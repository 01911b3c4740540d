"""The certificates of a course or an event as one ZIP, built by the background worker
(lms.tasks): a 200-certificate ZIP takes longer than a web request may."""

import tempfile

from django.core.files import File
from django.utils.translation import gettext as _

from courses.certificates.render import write_certificates_zip
from lms.access import managed_certificates
from lms.jobs.models import FileJob
from lms.tasks import JobRefused, Progress, file_builder, start_file_job


@file_builder
def build_certificates_zip(
    job: FileJob, progress: Progress, *, certificate_ids: list[int], filename: str
) -> tuple[File, str]:
    """The ZIP of those of ``certificate_ids`` that are still valid and that the requester
    still manages (a revocation or a change of sector since the request counts)."""
    certificates = (
        managed_certificates(job.requested_by)
        .valid()
        .filter(pk__in=certificate_ids)
        .order_by("person__name_lo", "pk")
    )
    # Handed to lms.tasks, which stores and closes it: it outlives this function.
    archive = tempfile.TemporaryFile()  # noqa: SIM115
    if not write_certificates_zip(certificates, archive, progress):
        archive.close()
        raise JobRefused(_("None of these certificates is valid any more: the ZIP would be empty."))
    archive.seek(0)
    return File(archive, name=filename), filename


def start_certificates_zip(user, certificates, subject) -> FileJob:
    """Queue the ZIP of ``certificates`` (valid ones, as the user's list shows them)."""
    ids = sorted(certificates.values_list("pk", flat=True))
    return start_file_job(
        user,
        build_certificates_zip,
        title=_("Certificates of %(subject)s (ZIP)") % {"subject": subject.title},
        params={"certificate_ids": ids, "filename": f"certificates-{subject.pk}.zip"},
    )
