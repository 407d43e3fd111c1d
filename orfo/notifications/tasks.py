from django_tasks import task

from orfo.notifications import delivery


@task()
def deliver_notification(pk: int) -> str:
    return delivery.deliver(pk)
