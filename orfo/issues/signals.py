from django.dispatch import Signal

# Sent after an issue's status changed, with issue, from_status, to_status and user.
status_changed = Signal()
