import pytest

from orfo.suggestions import lexicon


@pytest.fixture
def no_dictionaries(tmp_path, settings):
    """Point the engine at an empty dictionary folder."""
    settings.ORFO_SUGGESTIONS_DICT_DIRS = [str(tmp_path)]
    settings.ORFO_SUGGESTIONS_CACHE_DIR = str(tmp_path / "cache")
    lexicon.reset()
    yield
    lexicon.reset()


def first(suggestions):
    return suggestions[0].text if suggestions else None
