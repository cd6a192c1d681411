"""Background work of the registry (django.tasks; the database worker runs them)."""

from django.tasks import task

from thanrak.registry import imports


@task()
def import_run(job_id: int) -> str:
    """Import a file kept by the import page (one too long to import while the page waits)."""
    return imports.run(job_id=job_id).status
