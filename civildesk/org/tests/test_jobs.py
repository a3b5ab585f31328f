"""A job is never left running when its task is lost: an unexpected error or a dead worker fails it visibly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from civildesk.org import services
from civildesk.org.models import Job, JobStatus
from civildesk.org.taskqueue import task_job_id


@task()
def crashing_task(number: int, job_id: str) -> None:
    services.job_progress(job_id=job_id, percent=10, message="")
    raise RuntimeError("boom")


@task()
def quiet_task(number: int) -> None:
    raise RuntimeError("no job")


def test_the_job_id_is_found_among_the_arguments_of_a_task():
    assert task_job_id(crashing_task.func, [1, "abc"], {}) == "abc"
    assert task_job_id(crashing_task.func, [1], {"job_id": "abc"}) == "abc"
    assert task_job_id(quiet_task.func, [1], {}) is None
    assert task_job_id(crashing_task.func, [1, 2, 3, 4], {}) is None  # not a call of this task


def test_a_task_that_raises_without_reporting_fails_its_job_with_a_translated_message(client, staff_a):
    job = services.job_create(owner=staff_a, kind="test", title="Test")
    result = crashing_task.enqueue(1, str(job.pk))
    assert result.status == "FAILED"
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == services.JOB_CRASHED  # stored untranslated
    client.force_login(staff_a)
    with translation.override("vi"):
        page = client.get(reverse("org:job", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    assert "lỗi ngoài dự kiến" in page.content.decode()


def test_a_failed_task_without_a_job_changes_no_job(staff_a):
    job = services.job_create(owner=staff_a, kind="test", title="Test")
    quiet_task.enqueue(1)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED


def test_a_job_whose_worker_stopped_reporting_is_failed_and_announced(staff_a):
    job = services.job_create(owner=staff_a, kind="test", title="Test")
    services.job_progress(job_id=job.pk, percent=40)
    announced = []

    def receiver(sender, jobs, **kwargs):
        announced.extend(jobs)

    services.job_stale.connect(receiver)
    try:
        assert services.job_sweep_stale() == []
        failed = services.job_sweep_stale(now=timezone.now() + timedelta(hours=2))
    finally:
        services.job_stale.disconnect(receiver)
    assert [j.pk for j in failed] == [job.pk] == [j.pk for j in announced]
    job.refresh_from_db()
    assert (job.status, job.message) == (JobStatus.FAILED, services.JOB_INTERRUPTED)
    # A finished job is never failed again.
    assert services.job_fail_unfinished(job_ids=[job.pk], message=services.JOB_CRASHED) == []


@pytest.mark.parametrize("status", [JobStatus.DONE, JobStatus.FAILED])
def test_a_finished_job_is_left_alone(staff_a, status):
    job = services.job_create(owner=staff_a, kind="test", title="Test")
    Job.objects.filter(pk=job.pk).update(status=status, message="kept")
    assert services.job_fail_unfinished(job_ids=[job.pk], message=services.JOB_CRASHED) == []
    job.refresh_from_db()
    assert job.message == "kept"
