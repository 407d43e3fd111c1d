"""What a newsroom pastes into its article template."""

# The line under an article that tells readers what to do, in each widget language.
NOTICES = {
    "ru": "Нашли ошибку? Выделите её и нажмите Ctrl+Enter",
    "kk": "Қате таптыңыз ба? Оны белгілеп, Ctrl+Enter басыңыз",
    "en": "Found a mistake? Select it and press Ctrl+Enter",
}


def snippet(widget_url: str, key: str) -> str:
    return f'<script src="{widget_url}" data-site="{key}" defer></script>'
